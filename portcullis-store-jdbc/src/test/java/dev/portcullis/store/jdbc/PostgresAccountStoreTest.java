package dev.portcullis.store.jdbc;

import dev.portcullis.account.AccountStore;
import dev.portcullis.testkit.AccountStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresAccountStoreTest extends AccountStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected AccountStore newStore() {
    return new JdbcAccountStore(pg.dataSource());
  }
}
