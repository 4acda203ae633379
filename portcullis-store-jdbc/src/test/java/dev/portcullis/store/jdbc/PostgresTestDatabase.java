package dev.portcullis.store.jdbc;

import dev.portcullis.testkit.PostgresScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL database for one test class ({@link PostgresScratchDatabase}), migrated
 * and opened as a {@link JdbcDatabase}. If the server is unreachable, {@link #create()} throws, so
 * the tests fail rather than skip.
 */
final class PostgresTestDatabase implements AutoCloseable {
  private final PostgresScratchDatabase scratch;
  private final JdbcDatabase database;

  private PostgresTestDatabase(PostgresScratchDatabase scratch, JdbcDatabase database) {
    this.scratch = scratch;
    this.database = database;
  }

  static PostgresTestDatabase create() throws SQLException {
    PostgresScratchDatabase scratch = PostgresScratchDatabase.create();
    try {
      return new PostgresTestDatabase(scratch, JdbcDatabase.of(scratch.url()));
    } catch (RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  JdbcDatabase database() {
    return database;
  }

  /** Empties every table so each test starts clean while the class shares one database. */
  void truncateAll() throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE accounts, sessions, throttle_counters, audit_events, server_secrets, clients,"
          + " signing_keys, refresh_families, refresh_token_history, access_token_denylist, authorization_codes, consents CASCADE");
    }
  }

  @Override
  public void close() throws SQLException {
    database.close();
    scratch.close();
  }

  /**
   * One fresh database per test class, emptied before each test:
   * {@code @RegisterExtension static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();}
   */
  static final class PerClass implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private PostgresTestDatabase database;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      database = create();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
      database.truncateAll();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      if (database != null) {
        database.close();
      }
    }

    DataSource dataSource() {
      return database.dataSource();
    }
  }
}
