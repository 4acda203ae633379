package dev.portcullis.store.jdbc;

import dev.portcullis.client.ClientStore;
import dev.portcullis.testkit.ClientStoreContract;
import dev.portcullis.testkit.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2ClientStoreTest extends ClientStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected ClientStore newStore(MutableClock clock) {
    return new JdbcClientStore(db.dataSource(), clock);
  }
}
