package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableRefreshFamilyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.RefreshFamilyStore;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2RefreshFamilyStoreTest extends PurgeableRefreshFamilyStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @BeforeEach
  void createClient() {
    TestClients.insert(db.dataSource(), TestClients.CLIENT_ID);
  }

  @AfterEach
  void closeDatabase() {
    db.close();
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
