package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.ThrottleStoreContract;
import dev.portcullis.throttle.ThrottleStore;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2ThrottleStoreTest extends ThrottleStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new JdbcThrottleStore(db.dataSource(), clock);
  }
}
