package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;

/** Sealed under a KEK, the secret store keeps its contract: racing first writers agree on one secret. */
class H2SealedSecretStoreTest extends H2SecretStoreTest {
  @Override
  protected SecretStore newStore() {
    return new SealedSecretStore(super.newStore(), KeysAtRestCases.KEK);
  }
}
