package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SecretStore;
import dev.portcullis.testkit.SecretStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresSecretStoreTest extends SecretStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected SecretStore newStore() {
    return new JdbcSecretStore(pg.dataSource(), Clock.systemUTC());
  }
}
