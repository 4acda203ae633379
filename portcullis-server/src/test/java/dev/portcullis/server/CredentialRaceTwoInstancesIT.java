package dev.portcullis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The credential-epoch race on two instances over PostgreSQL + Redis: attackers on A, owner and admin on B. */
class CredentialRaceTwoInstancesIT extends CredentialRaceChecks {
  static Deployment d;

  @BeforeAll
  static void start() throws Exception {
    d = TwoInstances.start(CredentialRace::generousLoginLimits);
  }

  @AfterAll
  static void stop() {
    if (d != null) {
      d.close();
    }
  }

  @Override
  protected Deployment deployment() {
    return d;
  }
}
