package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableDenyListContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.DenyList;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2DenyListTest extends PurgeableDenyListContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected DenyList newDenyList(MutableClock clock) {
    return new JdbcDenyList(db.dataSource(), clock);
  }
}
