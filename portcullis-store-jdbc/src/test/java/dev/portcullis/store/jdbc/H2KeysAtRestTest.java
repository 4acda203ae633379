package dev.portcullis.store.jdbc;

import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/** {@link KeysAtRestCases} on a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2KeysAtRestTest extends KeysAtRestCases {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected DataSource dataSource() {
    return db.dataSource();
  }
}
