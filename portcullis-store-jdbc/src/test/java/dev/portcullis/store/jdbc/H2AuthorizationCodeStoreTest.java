package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.AuthorizationCodeStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.AuthorizationCodeStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2AuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @BeforeEach
  void createClient() {
    TestClients.insert(db.dataSource(), TestClients.CLIENT_ID);
  }

  @Override
  protected AuthorizationCodeStore newStore(MutableClock clock) {
    return new JdbcAuthorizationCodeStore(db.dataSource(), clock);
  }

  @Override
  protected String clientId() {
    return TestClients.CLIENT_ID;
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(db.dataSource(), userId);
  }
}
