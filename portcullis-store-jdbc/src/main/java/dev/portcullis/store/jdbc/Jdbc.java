package dev.portcullis.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The plumbing every store shares: borrow a connection, bind parameters, map rows, run a
 * transaction, and translate every failure through {@link SqlErrors} (connection trouble becomes a
 * 503, anything else an internal error; neither message quotes a value). Instants are stored as
 * epoch millis and scope sets as one space-separated text column.
 */
final class Jdbc {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** A BIGINT NULL: a bare null binds as text, which PostgreSQL refuses for a number column. */
  private static final Object NULL_MILLIS = new Object();

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  <T> T withConnection(String operation, Work<T> work) {
    long start = System.nanoTime();
    boolean failed = true;
    try (Connection c = dataSource.getConnection()) {
      T result = work.run(c);
      failed = false;
      return result;
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(operation, e);
    } finally {
      JdbcDatabase.observer(dataSource).completed("jdbc", operation, System.nanoTime() - start, failed);
    }
  }

  /** Runs {@code work} in one transaction, rolled back if it throws. */
  <T> T inTransaction(String operation, Work<T> work) {
    return withConnection(operation, c -> {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    });
  }

  int update(String operation, String sql, Object... params) {
    return withConnection(operation, c -> update(c, sql, params));
  }

  /** An INSERT that another writer may have made first: see {@link #insertUnlessDuplicate(Connection, String, Object...)}. */
  boolean insertUnlessDuplicate(String operation, String sql, Object... params) {
    return withConnection(operation, c -> insertUnlessDuplicate(c, sql, params));
  }

  <T> List<T> query(String operation, String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(operation, c -> query(c, sql, mapper, params));
  }

  <T> Optional<T> queryOne(String operation, String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(operation, c -> queryOne(c, sql, mapper, params));
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /**
   * Runs an INSERT; false if it broke a unique key (a row with that key exists). Only on an
   * auto-commit connection: in a PostgreSQL transaction the failed statement would abort the rest.
   */
  static boolean insertUnlessDuplicate(Connection c, String sql, Object... params) throws SQLException {
    try {
      update(c, sql, params);
      return true;
    } catch (SQLException e) {
      if (!SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      return false;
    }
  }

  static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    }
  }

  static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    return query(c, sql, mapper, params).stream().findFirst();
  }

  /** {@code t} as a parameter that may be null: a nullable BIGINT column. */
  static Object nullable(Instant t) {
    return t == null ? NULL_MILLIS : t;
  }

  /** The instant in an epoch-millis column, null if the column is NULL. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** A scope set as stored: sorted, space-separated (scope tokens contain no space, RFC 6749 §3.3). */
  static String scopes(Collection<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  static Set<String> scopes(String column) {
    return column == null || column.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(column.split(" ")));
  }

  // a bare null is only ever a text column here; number columns that may be NULL use nullable()
  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else if (p == NULL_MILLIS) {
        ps.setNull(i + 1, Types.BIGINT);
      } else if (p instanceof Long || p instanceof Integer) {
        ps.setLong(i + 1, ((Number) p).longValue());
      } else if (p instanceof String s) {
        ps.setString(i + 1, s);
      } else if (p instanceof Instant t) {
        ps.setLong(i + 1, t.toEpochMilli());
      } else if (p instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        throw new IllegalArgumentException("unsupported parameter type " + p.getClass().getName());
      }
    }
  }
}
