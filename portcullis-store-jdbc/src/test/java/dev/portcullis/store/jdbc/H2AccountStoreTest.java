package dev.portcullis.store.jdbc;

import dev.portcullis.account.AccountStore;
import dev.portcullis.testkit.AccountStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2AccountStoreTest extends AccountStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected AccountStore newStore() {
    return new JdbcAccountStore(db.dataSource());
  }
}
