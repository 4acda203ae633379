package dev.portcullis.server;

/** Family revocation ends its access tokens: two instances over PostgreSQL + Redis. */
class FamilyRevocationTwoInstancesIT extends FamilyRevocationChecks {
  @Override
  protected Deployment start() throws Exception {
    return TwoInstances.start();
  }
}
