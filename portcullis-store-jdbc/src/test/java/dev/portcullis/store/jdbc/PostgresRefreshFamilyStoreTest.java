package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.RefreshFamilyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.RefreshFamilyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresRefreshFamilyStoreTest extends RefreshFamilyStoreContract {
  private static PostgresTestDatabase pg;

  @BeforeAll
  static void createDatabase() throws Exception {
    pg = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void emptyTablesAndCreateClient() throws Exception {
    pg.truncateAll();
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
