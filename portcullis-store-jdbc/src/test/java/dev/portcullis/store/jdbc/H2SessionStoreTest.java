package dev.portcullis.store.jdbc;

import dev.portcullis.session.SessionStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.SessionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2SessionStoreTest extends SessionStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return new JdbcSessionStore(db.dataSource(), clock);
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(db.dataSource(), userId);
  }
}
