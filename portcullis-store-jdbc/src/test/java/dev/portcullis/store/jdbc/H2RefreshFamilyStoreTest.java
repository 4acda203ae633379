package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PurgeableRefreshFamilyStoreContract;
import dev.portcullis.token.RefreshFamilyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2RefreshFamilyStoreTest extends PurgeableRefreshFamilyStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @BeforeEach
  void createClient() {
    TestClients.insert(db.dataSource(), TestClients.CLIENT_ID);
  }

  @Override
  protected RefreshFamilyStore newStore(MutableClock clock) {
    return new JdbcRefreshFamilyStore(db.dataSource(), clock);
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
