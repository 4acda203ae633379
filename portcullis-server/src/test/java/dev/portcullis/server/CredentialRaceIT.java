package dev.portcullis.server;

/** The credential-epoch race on one instance over the embedded store. */
class CredentialRaceIT extends CredentialRaceChecks {
  @Override
  protected Deployment start() {
    return Deployment.embedded(CredentialRace::generousLoginLimits);
  }
}
