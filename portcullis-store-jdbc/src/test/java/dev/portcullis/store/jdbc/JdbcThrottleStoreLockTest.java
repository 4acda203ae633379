package dev.portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.throttle.ThrottleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Why a JDBC reservation is atomic, shown without relying on a lucky interleaving: a reservation
 * that must wait for another transaction's update of the same counter re-checks the rule against
 * the committed count once it gets the row (PostgreSQL's READ COMMITTED re-evaluation of the WHERE;
 * H2's lock-and-recheck), so it is refused when that update took the last place. A store that read
 * the count first and then added one would let it in. The contract's parallel tests cover the rest.
 */
@Timeout(60)
class JdbcThrottleStoreLockTest {
  private static final ThrottleStore.Slot SLOT = new ThrottleStore.Slot(100, 0, Duration.ofMinutes(15).toMillis());
  private static final int LIMIT = 3;

  @Test
  void onH2AReservationWaitingForTheLastPlaceIsRefusedWhenTheOtherTakesIt() throws Exception {
    try (JdbcDatabase db = JdbcDatabase.inMemory("lock_" + UUID.randomUUID().toString().replace("-", ""))) {
      waitingReservationRechecksTheRule(db.dataSource(),
          "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL");
    }
  }

  @Test
  void onPostgresAReservationWaitingForTheLastPlaceIsRefusedWhenTheOtherTakesIt() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      waitingReservationRechecksTheRule(db.dataSource(), """
          SELECT COUNT(*) FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
          """);
    }
  }

  private static void waitingReservationRechecksTheRule(DataSource ds, String countWaiting) throws Exception {
    MutableClock clock = new MutableClock();
    JdbcThrottleStore store = new JdbcThrottleStore(ds, clock);
    String key = "login:acct:" + UUID.randomUUID();
    for (int i = 0; i < LIMIT - 1; i++) {
      assertThat(store.reserve(key, SLOT, LIMIT).granted()).isTrue();
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = ds.getConnection(); Connection probe = ds.getConnection()) {
      other.setAutoCommit(false);
      // another instance takes the last place and has not committed yet: it holds the row
      try (PreparedStatement ps = other.prepareStatement(
          "UPDATE throttle_counters SET hits = hits + 1 WHERE throttle_key = ? AND bucket = ?")) {
        ps.setString(1, key);
        ps.setLong(2, SLOT.bucket());
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      Future<ThrottleStore.Reservation> waiting = pool.submit(() -> store.reserve(key, SLOT, LIMIT));
      awaitWaitingSession(probe, countWaiting);
      other.commit();
      ThrottleStore.Reservation r = waiting.get(30, TimeUnit.SECONDS);
      assertThat(r.granted()).as("a reservation past the limit: %s", r).isFalse();
      assertThat(r.counts().current()).isEqualTo(LIMIT);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Polls until the database reports a session waiting for a row lock: the reservation is blocked. */
  private static void awaitWaitingSession(Connection probe, String countWaiting) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (PreparedStatement ps = probe.prepareStatement(countWaiting); ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getLong(1) > 0) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the reservation never waited for the row held by the other transaction");
  }
}
