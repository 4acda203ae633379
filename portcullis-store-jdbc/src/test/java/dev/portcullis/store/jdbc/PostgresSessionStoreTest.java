package dev.portcullis.store.jdbc;

import dev.portcullis.session.SessionStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.SessionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresSessionStoreTest extends SessionStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return new JdbcSessionStore(pg.dataSource(), clock);
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(pg.dataSource(), userId);
  }
}
