package dev.portcullis.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A few lines of plumbing shared by the stores: borrow a connection, bind parameters, map rows,
 * run a transaction, and translate every failure through {@link SqlErrors}.
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

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  <T> T withConnection(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(operation, e);
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

  <T> List<T> query(String operation, String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(operation, c -> query(c, sql, mapper, params));
  }

  <T> Optional<T> queryOne(String operation, String sql, RowMapper<T> mapper, Object... params) {
    return query(operation, sql, mapper, params).stream().findFirst();
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
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

  // nulls are only ever text columns here; PostgreSQL needs a type for an untyped null
  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else if (p instanceof Long || p instanceof Integer) {
        ps.setLong(i + 1, ((Number) p).longValue());
      } else if (p instanceof String s) {
        ps.setString(i + 1, s);
      } else {
        throw new IllegalArgumentException("unsupported parameter type " + p.getClass().getName());
      }
    }
  }
}
