package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;

/** Sealed under a KEK on a real PostgreSQL, racing first writers still agree on one secret. */
class PostgresSealedSecretStoreTest extends PostgresSecretStoreTest {
  @Override
  protected SecretStore newStore() {
    return new SealedSecretStore(super.newStore(), KeysAtRestCases.KEK);
  }
}
