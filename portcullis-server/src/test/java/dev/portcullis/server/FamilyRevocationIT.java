package dev.portcullis.server;

/** Family revocation ends its access tokens: one instance over the embedded store. */
class FamilyRevocationIT extends FamilyRevocationChecks {
  @Override
  protected Deployment start() {
    return Deployment.embedded(b -> b);
  }
}
