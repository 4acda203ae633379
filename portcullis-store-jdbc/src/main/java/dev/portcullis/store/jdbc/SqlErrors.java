package dev.portcullis.store.jdbc;

import com.zaxxer.hikari.pool.HikariPool;
import dev.portcullis.error.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The one place that turns JDBC failures into the core's exceptions. Messages name the operation
 * and the SQLState only: driver messages can quote bound values (emails, hashes), so they are never
 * copied into our message, only kept as the cause.
 */
final class SqlErrors {
  static final String UNIQUE_VIOLATION = "23505";
  /** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now. */
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  private SqlErrors() {}

  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /** Maps {@code e}, raised while doing {@code operation}, to an unchecked exception. */
  static RuntimeException translate(String operation, Throwable e) {
    if (isUnavailable(e)) {
      return new StoreUnavailableException(
          "database unavailable during " + operation + describe(e), e);
    }
    if (e instanceof RuntimeException r && !(e instanceof HikariPool.PoolInitializationException)) {
      return r;
    }
    return new IllegalStateException("database failure during " + operation + describe(e), e);
  }

  static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof HikariPool.PoolInitializationException
          || t instanceof java.net.ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || SERVER_GOING_AWAY.contains(state)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    if (e instanceof SQLException sql) {
      return " (SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode() + ")";
    }
    return " (" + e.getClass().getSimpleName() + ")";
  }
}
