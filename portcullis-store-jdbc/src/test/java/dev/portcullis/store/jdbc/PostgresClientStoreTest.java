package dev.portcullis.store.jdbc;

import dev.portcullis.client.ClientStore;
import dev.portcullis.testkit.ClientStoreContract;
import dev.portcullis.testkit.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresClientStoreTest extends ClientStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected ClientStore newStore(MutableClock clock) {
    return new JdbcClientStore(pg.dataSource(), clock);
  }
}
