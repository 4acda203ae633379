package dev.portcullis.store.jdbc;

import dev.portcullis.apikey.ApiKeyStore;
import dev.portcullis.testkit.ApiKeyStoreContract;
import dev.portcullis.testkit.MutableClock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2ApiKeyStoreTest extends ApiKeyStoreContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected ApiKeyStore newStore(MutableClock clock) {
    return new JdbcApiKeyStore(db.dataSource());
  }

  @Override
  protected void createUser(String userId) {
    TestAccounts.insert(db.dataSource(), userId);
  }
}
