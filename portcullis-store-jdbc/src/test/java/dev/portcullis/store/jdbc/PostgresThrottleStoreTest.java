package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.ThrottleStoreContract;
import dev.portcullis.throttle.ThrottleStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresThrottleStoreTest extends ThrottleStoreContract {
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
  void emptyTables() throws Exception {
    pg.truncateAll();
  }

  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new JdbcThrottleStore(pg.dataSource(), clock);
  }
}
