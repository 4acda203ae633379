package dev.portcullis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The credential-epoch race on one instance over the embedded store. */
class CredentialRaceIT extends CredentialRaceChecks {
  static Deployment d;

  @BeforeAll
  static void start() {
    d = Deployment.embedded(CredentialRace::generousLoginLimits);
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
