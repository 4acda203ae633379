package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableRefreshFamilyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.RefreshFamilyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresRefreshFamilyStoreTest extends PurgeableRefreshFamilyStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @BeforeEach
  void createClient() {
    TestClients.insert(pg.dataSource(), TestClients.CLIENT_ID);
  }

  @Override
  protected RefreshFamilyStore newStore(MutableClock clock) {
    return new JdbcRefreshFamilyStore(pg.dataSource(), clock);
  }

  @Override
  protected String clientId() {
    return TestClients.CLIENT_ID;
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(pg.dataSource(), userId);
  }
}
