package dev.portcullis.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The little JDBC plumbing the token stores share: connections, transactions, and the mapping of
 * instants (epoch millis, nullable) and scope sets (space-separated). SQL failures are mapped by
 * {@link SqlErrors}: connection trouble becomes a 503, anything else an internal error; neither
 * message quotes a value.
 */
final class TokenJdbc {
  private TokenJdbc() {}

  static <T> T run(DataSource ds, String operation, Jdbc.Work<T> work) {
    return new Jdbc(ds).withConnection(operation, work);
  }

  /** Runs {@code work} in one transaction, rolled back on any failure. */
  static <T> T inTransaction(DataSource ds, String operation, Jdbc.Work<T> work) {
    return new Jdbc(ds).inTransaction(operation, work);
  }

  static boolean isUniqueViolation(SQLException e) {
    return SqlErrors.isUniqueViolation(e);
  }

  static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, t.toEpochMilli());
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static long millis(Instant t) {
    return t.toEpochMilli();
  }

  static String scopes(Collection<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  static Set<String> scopes(String column) {
    return column == null || column.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(column.split(" ")));
  }
}
