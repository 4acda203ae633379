package dev.portcullis.store.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KeysAtRestCases} on a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresKeysAtRestTest extends KeysAtRestCases {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected DataSource dataSource() {
    return pg.dataSource();
  }
}
