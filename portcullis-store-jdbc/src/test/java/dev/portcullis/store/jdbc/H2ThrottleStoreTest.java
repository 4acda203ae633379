package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.ThrottleStoreContract;
import dev.portcullis.throttle.ThrottleStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2ThrottleStoreTest extends ThrottleStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new JdbcThrottleStore(db.dataSource(), clock);
  }
}
