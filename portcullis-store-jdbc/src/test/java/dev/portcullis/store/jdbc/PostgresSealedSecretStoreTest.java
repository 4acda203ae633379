package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;
import dev.portcullis.testkit.SecretStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sealed under a KEK on a real PostgreSQL, racing first writers still agree on one secret. */
class PostgresSealedSecretStoreTest extends SecretStoreContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected SecretStore newStore() {
    return new SealedSecretStore(new JdbcSecretStore(pg.dataSource(), Clock.systemUTC()), KeysAtRestCases.KEK);
  }
}
