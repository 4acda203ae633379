package dev.portcullis.store.jdbc;

import dev.portcullis.client.ClientStore;
import dev.portcullis.testkit.ClientStoreContract;
import dev.portcullis.testkit.MutableClock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2ClientStoreTest extends ClientStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected ClientStore newStore(MutableClock clock) {
    return new JdbcClientStore(db.dataSource(), clock);
  }
}
