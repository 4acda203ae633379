package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PurgeableDenyListContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.DenyList;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresDenyListTest extends PurgeableDenyListContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected DenyList newDenyList(MutableClock clock) {
    return new JdbcDenyList(pg.dataSource(), clock);
  }
}
