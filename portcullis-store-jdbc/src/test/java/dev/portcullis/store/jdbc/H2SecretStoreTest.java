package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SecretStore;
import dev.portcullis.testkit.SecretStoreContract;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2SecretStoreTest extends SecretStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected SecretStore newStore() {
    return new JdbcSecretStore(db.dataSource(), Clock.systemUTC());
  }
}
