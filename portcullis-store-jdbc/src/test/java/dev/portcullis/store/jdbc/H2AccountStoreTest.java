package dev.portcullis.store.jdbc;

import dev.portcullis.account.AccountStore;
import dev.portcullis.testkit.AccountStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2AccountStoreTest extends AccountStoreContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected AccountStore newStore() {
    return new JdbcAccountStore(db.dataSource());
  }
}
