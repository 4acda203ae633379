package dev.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.TestClock;
import dev.portcullis.store.ChangeCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The session cache of the embedded server: a deletion, rotation or touch is seen at the next read,
 * including when it lands in the middle of a read that misses (between its two store reads).
 */
class CachingSessionStoreTest {
  private final TestClock clock = new TestClock();
  private final HookedStore db = new HookedStore(new InMemorySessionStore(clock));
  private final CachingSessionStore cache =
      new CachingSessionStore(db, ChangeCounters.inProcess(), clock, Duration.ofSeconds(60));

  private Session session(String id, String user, String hash) {
    Instant now = clock.instant();
    Session s = new Session(id, user, hash, now, now, now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
        0, 0, "curl/8", "203.0.113.9");
    cache.create(s);
    return s;
  }

  @Test
  void repeatedReadsComeFromMemoryAndEveryChangeOfTheUsersSessionsIsSeenAtTheNextRead() {
    Session s = session("s_1", "u_1", "h1");
    session("s_2", "u_1", "h2");
    cache.findByTokenHash("h1");
    int reads = db.reads.get();
    for (int i = 0; i < 20; i++) {
      assertThat(cache.findByTokenHash("h1")).isPresent();
    }
    assertThat(db.reads.get()).isEqualTo(reads);

    Instant later = clock.instant().plus(Duration.ofMinutes(5));
    assertThat(cache.touch("u_1", "s_1", later, later.plus(Duration.ofHours(1)))).isTrue();
    assertThat(cache.findByTokenHash("h1").orElseThrow().lastSeenAt()).isEqualTo(later);

    assertThat(cache.rotateToken("u_1", "s_1", "h1", "h1b", 1)).isTrue();
    assertThat(cache.findByTokenHash("h1")).as("the old secret, next read").isEmpty();
    assertThat(cache.findByTokenHash("h1b")).isPresent();

    cache.findByTokenHash("h2");
    assertThat(cache.deleteByUser("u_1", "s_1")).isEqualTo(1);
    assertThat(cache.findByTokenHash("h2")).as("revoked with the others").isEmpty();
    assertThat(cache.delete("u_1", s.id())).isTrue();
    assertThat(cache.findByTokenHash("h1b")).as("logged out").isEmpty();
  }

  @Test
  void aDeletionBetweenTheTwoReadsOfAMissIsNotKept() {
    session("s_3", "u_3", "h3");
    db.afterNextRead = () -> cache.delete("u_3", "s_3");
    assertThat(cache.findByTokenHash("h3")).isEmpty();
    assertThat(cache.findByTokenHash("h3")).isEmpty();
  }

  @Test
  void aDeletionRightAfterAMissIsSeenAtTheNextRead() {
    session("s_4", "u_4", "h4");
    assertThat(cache.findByTokenHash("h4")).isPresent(); // kept
    cache.delete("u_4", "s_4");
    assertThat(cache.findByTokenHash("h4")).isEmpty();
  }

  @Test
  void anExpiredSessionReadsAsAbsentFromMemoryToo() {
    session("s_5", "u_5", "h5");
    assertThat(cache.findByTokenHash("h5")).isPresent();
    clock.advance(Duration.ofHours(1));
    assertThat(cache.findByTokenHash("h5")).isEmpty();
  }

  @Test
  void anotherUsersChangeDoesNotTouchThisUsersEntries() {
    session("s_6", "u_6", "h6");
    session("s_7", "u_7", "h7");
    cache.findByTokenHash("h6");
    int reads = db.reads.get();
    cache.delete("u_7", "s_7");
    assertThat(cache.findByTokenHash("h6")).isPresent();
    assertThat(db.reads.get()).isEqualTo(reads);
  }

  /** A session store that counts reads and can run a change right after the next read. */
  private static final class HookedStore implements SessionStore {
    private final SessionStore inner;
    final AtomicInteger reads = new AtomicInteger();
    volatile Runnable afterNextRead;

    HookedStore(SessionStore inner) { this.inner = inner; }

    @Override
    public Optional<Session> findByTokenHash(String tokenHash) {
      reads.incrementAndGet();
      Optional<Session> read = inner.findByTokenHash(tokenHash);
      Runnable after = afterNextRead;
      afterNextRead = null;
      if (after != null) {
        after.run();
      }
      return read;
    }

    @Override public void create(Session s) { inner.create(s); }
    @Override public boolean touch(String u, String id, Instant seen, Instant exp) { return inner.touch(u, id, seen, exp); }
    @Override public boolean rotateToken(String u, String id, String x, String h, long pv) { return inner.rotateToken(u, id, x, h, pv); }
    @Override public boolean delete(String u, String id) { return inner.delete(u, id); }
    @Override public List<Session> listByUser(String u) { return inner.listByUser(u); }
    @Override public int deleteByUser(String u, String except) { return inner.deleteByUser(u, except); }
  }
}
