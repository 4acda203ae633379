package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;
import dev.portcullis.testkit.SecretStoreContract;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Sealed under a KEK, the secret store keeps its contract: racing first writers agree on one secret. */
class H2SealedSecretStoreTest extends SecretStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected SecretStore newStore() {
    return new SealedSecretStore(new JdbcSecretStore(db.dataSource(), Clock.systemUTC()), KeysAtRestCases.KEK);
  }
}
