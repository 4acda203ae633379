package dev.portcullis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Family revocation ends its access tokens: one instance over the embedded store. */
class FamilyRevocationIT extends FamilyRevocationChecks {
  static Deployment d;

  @BeforeAll
  static void start() {
    d = Deployment.embedded(b -> b);
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
