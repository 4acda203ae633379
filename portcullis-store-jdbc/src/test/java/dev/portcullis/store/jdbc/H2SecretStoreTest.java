package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SecretStore;
import dev.portcullis.testkit.SecretStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2SecretStoreTest extends SecretStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected SecretStore newStore() {
    return new JdbcSecretStore(db.dataSource(), Clock.systemUTC());
  }
}
