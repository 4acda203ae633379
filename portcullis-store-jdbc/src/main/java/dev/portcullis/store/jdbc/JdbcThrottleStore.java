package dev.portcullis.store.jdbc;

import dev.portcullis.throttle.ThrottleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Throttle counters in {@code throttle_counters}, one row per key and bucket. A reservation is
 * decided by one statement whose row count is the answer: a conditional UPDATE that applies the
 * whole sliding-window rule in its WHERE (the previous bucket read by a subquery) and so counts the
 * attempt only if it fits. On PostgreSQL a concurrent UPDATE of the row makes the loser wait and
 * re-evaluate the WHERE on the new row (READ COMMITTED); H2 locks the row and re-checks the
 * condition too; so of racing attempts exactly as many win as fit. The first attempt of a bucket
 * has no row to update: it INSERTs one, and the primary key lets only one racer do so (the others
 * retry the UPDATE). No MERGE or ON CONFLICT, which H2 and PostgreSQL spell differently. Expired
 * rows count as zero and are swept at most once a minute per store, piggy-backed on a reservation.
 */
public final class JdbcThrottleStore implements ThrottleStore {
  private static final long SWEEP_INTERVAL_MS = Duration.ofMinutes(1).toMillis();
  private static final int MAX_ATTEMPTS = 5;

  private final Jdbc jdbc;
  private final Clock clock;
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

  public JdbcThrottleStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public Reservation reserve(String key, Slot slot, long limit) {
    long now = clock.millis();
    long expires = now + slot.keep().toMillis();
    sweepIfDue(now);
    // autocommit: each statement is its own transaction, and a lost INSERT race aborts nothing else
    return jdbc.withConnection("throttle reserve", c -> {
      Counts counts = null;
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        if (countIfFits(c, key, slot, limit, now, expires) == 1) {
          return new Reservation(true, read(c, key, slot.bucket(), now));
        }
        counts = read(c, key, slot.bucket(), now);
        if (!slot.fits(counts.current() + 1, counts.previous(), limit)) {
          return new Reservation(false, counts);
        }
        // it fits, so the UPDATE found no row (or one given back since): create the counter
        // (the primary key lets one racer insert; the others go round and retry the UPDATE)
        if (Jdbc.insertUnlessDuplicate(c,
            "INSERT INTO throttle_counters (throttle_key, bucket, hits, expires_at) VALUES (?, ?, 1, ?)",
            key, slot.bucket(), expires)) {
          return new Reservation(true, new Counts(1, counts.previous()));
        }
      }
      // the counter changed under every try (releases racing us): refusing is the safe answer
      return new Reservation(false, counts);
    });
  }

  @Override
  public void release(String key, long bucket) {
    jdbc.update("throttle release", """
        UPDATE throttle_counters SET hits = hits - 1
        WHERE throttle_key = ? AND bucket = ? AND hits > 0 AND expires_at > ?
        """, key, bucket, clock.millis());
  }

  @Override
  public void reset(String key) {
    jdbc.update("throttle reset", "DELETE FROM throttle_counters WHERE throttle_key = ?", key);
  }

  /**
   * The rule of {@link Slot} with the count after this attempt: 1 on an expired row (which restarts
   * rather than carrying its stale count forward), hits + 1 otherwise. 1 if counted, 0 if not.
   */
  private static int countIfFits(Connection c, String key, Slot slot, long limit, long now, long expires)
      throws SQLException {
    return Jdbc.update(c, """
        UPDATE throttle_counters
        SET hits = CASE WHEN expires_at <= ? THEN 1 ELSE hits + 1 END,
            expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END
        WHERE throttle_key = ? AND bucket = ?
          AND (CASE WHEN expires_at <= ? THEN 1 ELSE hits + 1 END) * ?
              + COALESCE((SELECT p.hits FROM throttle_counters p
                          WHERE p.throttle_key = ? AND p.bucket = ? AND p.expires_at > ?), 0) * ?
              <= ?
        """, now, expires, expires, key, slot.bucket(),
        now, slot.lengthMillis(),
        key, slot.bucket() - 1, now, slot.lengthMillis() - slot.elapsedMillis(),
        limit * slot.lengthMillis());
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
