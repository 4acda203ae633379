package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableSigningKeyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.SigningKeyStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresSigningKeyStoreTest extends PurgeableSigningKeyStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected SigningKeyStore newStore(MutableClock clock) {
    return new JdbcSigningKeyStore(pg.dataSource(), clock);
  }
}
