package dev.portcullis.server;

/** The credential-epoch race on two instances over PostgreSQL + Redis: attackers on A, owner and admin on B. */
class CredentialRaceTwoInstancesIT extends CredentialRaceChecks {
  @Override
  protected Deployment start() throws Exception {
    return TwoInstances.start(CredentialRace::generousLoginLimits);
  }
}
