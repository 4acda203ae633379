package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.AuthorizationCodeStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.AuthorizationCodeStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @BeforeEach
  void createClient() {
    TestClients.insert(pg.dataSource(), TestClients.CLIENT_ID);
  }

  @Override
  protected AuthorizationCodeStore newStore(MutableClock clock) {
    return new JdbcAuthorizationCodeStore(pg.dataSource(), clock);
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
