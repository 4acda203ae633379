package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableSigningKeyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.SigningKeyStore;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2SigningKeyStoreTest extends PurgeableSigningKeyStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected SigningKeyStore newStore(MutableClock clock) {
    return new JdbcSigningKeyStore(db.dataSource(), clock);
  }
}
