package dev.portcullis.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import dev.portcullis.store.StoreObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A pooled connection to the store database, migrated to the current schema on open. Embedded H2
 * for a single node; PostgreSQL (through {@link #of}) for anything shared.
 */
public final class JdbcDatabase implements AutoCloseable {
  /** H2 settings that make it behave like PostgreSQL for our SQL (lower-case names, nulls last). */
  private static final String H2_MODE = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  /** Per pool, so two databases in one JVM (tests, two instances) keep their own figures. */
  private static final Map<DataSource, StoreObserver> OBSERVERS = new ConcurrentHashMap<>();

  private final HikariDataSource dataSource;
  private final boolean h2InMemory;
  private final String schemaVersion;

  private JdbcDatabase(String jdbcUrl, String poolName) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName(poolName);
    config.setMaximumPoolSize(10);
    // fail fast: a request waiting on a dead database should become a 503, not hang
    config.setConnectionTimeout(3_000);
    config.setValidationTimeout(2_000);
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      // a network that silently drops packets must not hang a request on an open connection;
      // no query of ours runs anywhere near this long (unless the URL says otherwise)
      if (!jdbcUrl.contains("socketTimeout=")) {
        config.addDataSourceProperty("socketTimeout", "10");
      }
      if (!jdbcUrl.contains("connectTimeout=")) {
        config.addDataSourceProperty("connectTimeout", "3");
      }
    }
    this.h2InMemory = jdbcUrl.startsWith("jdbc:h2:mem:");
    try {
      this.dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw SqlErrors.translate("connecting to the database", e);
    }
    try {
      var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
          : Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info().current().getVersion().getVersion();
    } catch (RuntimeException e) {
      dataSource.close();
      throw SqlErrors.translate("schema migration", e);
    }
  }

  /** Tells {@code observer} of every store operation on this database from now on. */
  public void observe(StoreObserver observer) {
    OBSERVERS.put(dataSource, observer);
  }

  static StoreObserver observer(DataSource dataSource) {
    return OBSERVERS.getOrDefault(dataSource, StoreObserver.NONE);
  }

  /**
   * Exports HikariCP's pool metrics (connections active, idle, pending, acquire time) to a
   * Micrometer {@code MeterRegistry}, passed as Object so this module needs no Micrometer.
   */
  public void exportPoolMetrics(Object meterRegistry) {
    dataSource.setMetricRegistry(meterRegistry);
  }

  /** A PostgreSQL (or any supported) database; credentials may be in the URL. */
  public static JdbcDatabase of(String jdbcUrl) {
    return new JdbcDatabase(jdbcUrl, "portcullis");
  }

  /** An H2 file database in {@code dataDir}, which is created readable by the owner only. */
  public static JdbcDatabase embedded(Path dataDir) {
    Path dir = dataDir.toAbsolutePath();
    createPrivateDirectory(dir);
    JdbcDatabase db = new JdbcDatabase("jdbc:h2:file:" + dir.resolve("portcullis") + H2_MODE, "portcullis-h2");
    tightenFiles(dir);
    return db;
  }

  /** A private in-memory H2 database, gone after {@link #close()}: for tests. */
  public static JdbcDatabase inMemory(String name) {
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("in-memory database names are letters, digits, _ and -");
    }
    return new JdbcDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_MODE, "portcullis-mem");
  }

  /** The schema version after migration, e.g. {@code "2"}. */
  public String schemaVersion() {
    return schemaVersion;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** A cheap liveness check for readiness probes; never throws. */
  public boolean isReachable() {
    try {
      checkReachable();
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The same check for a probe that reports why it failed: returns when a pooled connection answers,
   * else throws the pool's or the driver's exception (which names host and port, never the password).
   */
  public void checkReachable() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (!c.isValid(2)) {
        throw new SQLException("a pooled connection failed its validity check", "08006");
      }
    }
  }

  @Override
  public void close() {
    OBSERVERS.remove(dataSource);
    if (h2InMemory && !dataSource.isClosed()) {
      // DB_CLOSE_DELAY=-1 keeps an in-memory database for the JVM's life; drop it explicitly
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // the pool is closed next anyway; nothing else to release
      }
    }
    dataSource.close();
  }

  /** The database files themselves owner-only too, in case the directory is ever loosened. */
  private static void tightenFiles(Path dir) {
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the data files in " + dir, e);
    }
  }

  private static void createPrivateDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      // tighten even a pre-existing directory: it holds password hashes and server secrets
      if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }
}
