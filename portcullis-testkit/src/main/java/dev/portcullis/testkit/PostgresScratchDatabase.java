package dev.portcullis.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway PostgreSQL database for one test class, created through the server named by {@code
 * PORTCULLIS_TEST_POSTGRES} (the {@code test} database there is the admin connection) and dropped
 * with {@code WITH (FORCE)} on close. If PostgreSQL is unreachable, {@link #create()} throws: the
 * tests fail rather than skip. The PostgreSQL driver comes from the module that runs the test.
 */
public final class PostgresScratchDatabase implements AutoCloseable {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

  private final String adminUrl;
  private final String name;
  private final String url;

  private PostgresScratchDatabase(String adminUrl, String name, String url) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = url;
  }

  public static PostgresScratchDatabase create() throws SQLException {
    PostgresScratchDatabase db = unnamed();
    db.admin("CREATE DATABASE " + db.name);
    return db;
  }

  /**
   * A new scratch database holding a copy of this one, as a restored backup would. Nothing may be
   * connected to this one meanwhile: PostgreSQL copies it as a template.
   */
  public PostgresScratchDatabase copy() throws SQLException {
    PostgresScratchDatabase db = unnamed();
    db.admin("CREATE DATABASE " + db.name + " TEMPLATE " + name);
    return db;
  }

  private static PostgresScratchDatabase unnamed() {
    String adminUrl = System.getenv().getOrDefault("PORTCULLIS_TEST_POSTGRES", DEFAULT_URL);
    Matcher m = URL.matcher(adminUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("PORTCULLIS_TEST_POSTGRES is not a jdbc:postgresql URL");
    }
    String name = "pcl_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    return new PostgresScratchDatabase(adminUrl, name, m.group(1) + name + (m.group(3) == null ? "" : m.group(3)));
  }

  /** The JDBC URL of the fresh database, for {@code postgresUrl}. */
  public String url() {
    return url;
  }

  public String name() {
    return name;
  }

  /** Runs one statement over a separate, short-lived connection to the admin database. */
  public void admin(String sql) throws SQLException {
    DriverManager.setLoginTimeout(10);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.setQueryTimeout(30);
      s.execute(sql);
    }
  }

  /** How many connections are open to this database now: 0 once everything that used it is closed. */
  public int openConnections() throws SQLException {
    DriverManager.setLoginTimeout(10);
    try (Connection c = DriverManager.getConnection(adminUrl);
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Refuses new connections to the database and ends every open one, as an outage would. */
  public void cutConnections() throws SQLException {
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
  }

  public void allowConnections() throws SQLException {
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  }

  @Override
  public void close() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
