package dev.portcullis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Family revocation ends its access tokens: two instances over PostgreSQL + Redis. */
class FamilyRevocationTwoInstancesIT extends FamilyRevocationChecks {
  static Deployment d;

  @BeforeAll
  static void start() throws Exception {
    d = TwoInstances.start();
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
