package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.ConsentStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.consent.ConsentStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2ConsentStoreTest extends ConsentStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @BeforeEach
  void createClient() {
    TestClients.insert(db.dataSource(), TestClients.CLIENT_ID);
  }

  @Override
  protected ConsentStore newStore(MutableClock clock) {
    return new JdbcConsentStore(db.dataSource(), clock);
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
