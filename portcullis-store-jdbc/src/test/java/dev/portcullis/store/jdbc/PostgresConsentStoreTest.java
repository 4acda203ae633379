package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.ConsentStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.consent.ConsentStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresConsentStoreTest extends ConsentStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @BeforeEach
  void createClient() {
    TestClients.insert(pg.dataSource(), TestClients.CLIENT_ID);
  }

  @Override
  protected ConsentStore newStore(MutableClock clock) {
    return new JdbcConsentStore(pg.dataSource(), clock);
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
