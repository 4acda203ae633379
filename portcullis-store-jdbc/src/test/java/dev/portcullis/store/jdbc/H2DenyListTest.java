package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableDenyListContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.DenyList;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2DenyListTest extends PurgeableDenyListContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected DenyList newDenyList(MutableClock clock) {
    return new JdbcDenyList(db.dataSource(), clock);
  }
}
