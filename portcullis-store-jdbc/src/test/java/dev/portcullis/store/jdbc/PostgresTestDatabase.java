package dev.portcullis.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A throwaway PostgreSQL database for one test class: created through the server named by
 * {@code PORTCULLIS_TEST_POSTGRES}, migrated, and dropped with {@code WITH (FORCE)} on close. If the
 * server is unreachable, {@link #create()} throws, so the tests fail rather than skip.
 */
final class PostgresTestDatabase implements AutoCloseable {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

  private final String adminUrl;
  private final String name;
  private final JdbcDatabase database;

  private PostgresTestDatabase(String adminUrl, String name, JdbcDatabase database) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.database = database;
  }

  static PostgresTestDatabase create() throws SQLException {
    String adminUrl = System.getenv().getOrDefault("PORTCULLIS_TEST_POSTGRES", DEFAULT_URL);
    Matcher m = URL.matcher(adminUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("PORTCULLIS_TEST_POSTGRES is not a jdbc:postgresql URL");
    }
    String name = "pcl_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    execute(adminUrl, "CREATE DATABASE " + name);
    String url = m.group(1) + name + (m.group(3) == null ? "" : m.group(3));
    try {
      return new PostgresTestDatabase(adminUrl, name, JdbcDatabase.of(url));
    } catch (RuntimeException e) {
      execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
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
          + " signing_keys, refresh_families, refresh_token_history, access_token_denylist CASCADE");
    }
  }

  @Override
  public void close() throws SQLException {
    database.close();
    execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
