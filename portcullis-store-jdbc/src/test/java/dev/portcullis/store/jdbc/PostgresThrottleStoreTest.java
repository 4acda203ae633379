package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.ThrottleStoreContract;
import dev.portcullis.throttle.ThrottleStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresThrottleStoreTest extends ThrottleStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new JdbcThrottleStore(pg.dataSource(), clock);
  }
}
