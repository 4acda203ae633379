package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SecretStore;
import dev.portcullis.testkit.SecretStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresSecretStoreTest extends SecretStoreContract {
  private static PostgresTestDatabase pg;

  @BeforeAll
  static void createDatabase() throws Exception {
    pg = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void emptyTables() throws Exception {
    pg.truncateAll();
  }

  @Override
  protected SecretStore newStore() {
    return new JdbcSecretStore(pg.dataSource(), Clock.systemUTC());
  }
}
