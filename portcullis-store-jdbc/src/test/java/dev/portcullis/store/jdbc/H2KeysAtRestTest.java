package dev.portcullis.store.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KeysAtRestCases} on a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2KeysAtRestTest extends KeysAtRestCases {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected DataSource dataSource() {
    return db.dataSource();
  }
}
