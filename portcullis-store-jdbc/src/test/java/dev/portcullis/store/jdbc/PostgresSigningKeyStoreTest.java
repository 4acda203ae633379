package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.SigningKeyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.SigningKeyStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresSigningKeyStoreTest extends SigningKeyStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected SigningKeyStore newStore(MutableClock clock) {
    return new JdbcSigningKeyStore(pg.dataSource(), clock);
  }
}
