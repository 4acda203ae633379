package dev.portcullis.store.jdbc;

import dev.portcullis.throttle.ThrottleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Throttle counters in {@code throttle_counters}. An increment is UPDATE-then-INSERT in one
 * transaction (no MERGE or ON CONFLICT, which H2 and PostgreSQL spell differently): the UPDATE's
 * row lock serialises racing increments, and a racing INSERT that loses on the primary key rolls
 * back to a savepoint and retries the UPDATE. Expired rows read as zero and are swept at most once
 * a minute per store, piggy-backed on an increment.
 */
public final class JdbcThrottleStore implements ThrottleStore {
  private static final long SWEEP_INTERVAL_MS = Duration.ofMinutes(1).toMillis();
  private static final int MAX_ATTEMPTS = 3;

  private final Jdbc jdbc;
  private final Clock clock;
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

  public JdbcThrottleStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public Counts increment(String key, long bucket, Duration ttl) {
    long now = clock.millis();
    long expires = now + ttl.toMillis();
    sweepIfDue(now);
    return jdbc.inTransaction("throttle increment", c -> {
      for (int attempt = 1; ; attempt++) {
        if (bump(c, key, bucket, now, expires) > 0 || insertFirst(c, key, bucket, expires)) {
          return read(c, key, bucket, now);
        }
        if (attempt == MAX_ATTEMPTS) {
          throw new SQLException("throttle counter kept vanishing between UPDATE and INSERT");
        }
      }
    });
  }

  @Override
  public Counts peek(String key, long bucket) {
    long now = clock.millis();
    return jdbc.withConnection("throttle peek", c -> read(c, key, bucket, now));
  }

  @Override
  public void reset(String key) {
    jdbc.update("throttle reset", "DELETE FROM throttle_counters WHERE throttle_key = ?", key);
  }

  // an expired row restarts at one rather than carrying its stale count forward
  private static int bump(Connection c, String key, long bucket, long now, long expires)
      throws SQLException {
    return Jdbc.update(c, """
        UPDATE throttle_counters
        SET hits = CASE WHEN expires_at <= ? THEN 1 ELSE hits + 1 END,
            expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END
        WHERE throttle_key = ? AND bucket = ?
        """, now, expires, expires, key, bucket);
  }

  /** True if inserted; false if a concurrent transaction inserted the row first. */
  private static boolean insertFirst(Connection c, String key, long bucket, long expires)
      throws SQLException {
    // PostgreSQL aborts the whole transaction on an error unless we roll back to a savepoint
    Savepoint sp = c.setSavepoint();
    try {
      Jdbc.update(c, "INSERT INTO throttle_counters (throttle_key, bucket, hits, expires_at) VALUES (?, ?, 1, ?)",
          key, bucket, expires);
      c.releaseSavepoint(sp);
      return true;
    } catch (SQLException e) {
      if (!SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(sp);
      return false;
    }
  }

  private static Counts read(Connection c, String key, long bucket, long now) throws SQLException {
    long[] counts = new long[2];
    Jdbc.query(c, """
        SELECT bucket, hits FROM throttle_counters
        WHERE throttle_key = ? AND bucket IN (?, ?) AND expires_at > ?
        """, rs -> {
          counts[rs.getLong(1) == bucket ? 0 : 1] = rs.getLong(2);
          return null;
        }, key, bucket, bucket - 1, now);
    return new Counts(counts[0], counts[1]);
  }

  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_MS)) {
      jdbc.update("throttle sweep", "DELETE FROM throttle_counters WHERE expires_at <= ?", now);
    }
  }
}
