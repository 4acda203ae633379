package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PurgeableSigningKeyStoreContract;
import dev.portcullis.token.SigningKeyStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2SigningKeyStoreTest extends PurgeableSigningKeyStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected SigningKeyStore newStore(MutableClock clock) {
    return new JdbcSigningKeyStore(db.dataSource(), clock);
  }
}
