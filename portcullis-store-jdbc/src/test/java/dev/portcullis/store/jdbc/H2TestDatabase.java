package dev.portcullis.store.jdbc;

import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh in-memory H2 database (PostgreSQL mode, migrated) for each test, dropped after it: the
 * H2 counterpart of {@link PostgresTestDatabase.PerClass}. It opens before the test's own
 * {@code @BeforeEach} methods run, so those may use it:
 * {@code @RegisterExtension final H2TestDatabase h2 = new H2TestDatabase();}
 */
final class H2TestDatabase implements BeforeEachCallback, AfterEachCallback {
  private JdbcDatabase database;

  @Override
  public void beforeEach(ExtensionContext context) {
    database = JdbcDatabase.inMemory("t_" + UUID.randomUUID());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (database != null) {
      database.close();
    }
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  /** Runs one statement outside any store, as another program sharing the database would. */
  void execute(String sql) {
    new Jdbc(dataSource()).update("test statement", sql);
  }
}
