package dev.portcullis.store.jdbc;

import dev.portcullis.session.SessionStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.SessionStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2SessionStoreTest extends SessionStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return new JdbcSessionStore(db.dataSource(), clock);
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(db.dataSource(), userId);
  }
}
