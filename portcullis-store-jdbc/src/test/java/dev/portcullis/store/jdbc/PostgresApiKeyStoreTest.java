package dev.portcullis.store.jdbc;

import dev.portcullis.apikey.ApiKeyStore;
import dev.portcullis.testkit.ApiKeyStoreContract;
import dev.portcullis.testkit.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected ApiKeyStore newStore(MutableClock clock) {
    return new JdbcApiKeyStore(pg.dataSource());
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(pg.dataSource(), userId);
  }
}
