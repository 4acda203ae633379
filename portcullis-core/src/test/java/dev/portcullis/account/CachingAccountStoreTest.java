package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.TestClock;
import dev.portcullis.error.StoreUnavailableException;
import dev.portcullis.store.ChangeCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two "instances" (two caches) over one account store and one set of counters, as two servers over
 * PostgreSQL and Redis: a change through either is seen by the other at its next read, whatever
 * the interleaving, and nothing kept is trusted when the counters cannot be read.
 */
class CachingAccountStoreTest {
  private final TestClock clock = new TestClock();
  private final CountingStore db = new CountingStore();
  private final SwitchableCounters counters = new SwitchableCounters(ChangeCounters.inProcess());
  private final CachingAccountStore a = new CachingAccountStore(db, counters, clock, Duration.ofSeconds(60));
  private final CachingAccountStore b = new CachingAccountStore(db, counters, clock, Duration.ofSeconds(60));

  private Account account(String id) {
    Account acc = new Account(id, id + "@example.com", "hash", Set.of(), 0, 0, Instant.parse("2030-01-01T00:00:00Z"));
    db.create(acc);
    return acc;
  }

  @Test
  void repeatedReadsAreServedFromMemoryUntilTheAccountChangesOnAnyInstance() {
    account("u1");
    assertThat(a.findById("u1")).isPresent();
    int reads = db.reads.get();
    for (int i = 0; i < 100; i++) {
      assertThat(a.findById("u1").orElseThrow().roles()).isEmpty();
    }
    assertThat(db.reads.get()).as("no store read while nothing changed").isEqualTo(reads);

    assertThat(b.setRoles("u1", Set.of("admin"))).isTrue();
    assertThat(a.findById("u1").orElseThrow().roles()).as("A, next read").containsExactly("admin");
    assertThat(b.bumpTokenVersion("u1")).contains(1L);
    assertThat(a.findById("u1").orElseThrow().tokenVersion()).isEqualTo(1);
    assertThat(b.updatePasswordHash("u1", "other")).isTrue();
    assertThat(a.findById("u1").orElseThrow().passwordHash()).isEqualTo("other");
    assertThat(b.replacePasswordHash("u1", "other", "third")).isTrue();
    assertThat(a.findById("u1").orElseThrow().passwordHash()).isEqualTo("third");
  }

  @Test
  void aChangeLandingBetweenTheCounterReadAndTheStoreReadIsSeenAtTheNextRead() {
    account("u2");
    // A reads the counter, then B changes the roles and announces it, then A's store read returns
    // what it read before the change: A keeps stale data under the old counter value
    db.afterNextRead = () -> assertThat(b.setRoles("u2", Set.of("admin"))).isTrue();
    assertThat(a.findById("u2").orElseThrow().roles()).as("the read that raced the change").isEmpty();
    assertThat(a.findById("u2").orElseThrow().roles()).as("the next read").containsExactly("admin");
  }

  /** A counter value read earlier in the request (with the session or the deny list) stands in for a counter read. */
  @Test
  void aCounterReadEarlierInTheRequestDecidesWithoutAnotherCounterRead() {
    account("u7");
    OptionalLong before = counters.current("a:u7");
    assertThat(a.findById("u7", before)).isPresent();
    int reads = db.reads.get();
    assertThat(a.findById("u7", before).orElseThrow().roles()).isEmpty();
    assertThat(db.reads.get()).isEqualTo(reads);
    counters.down = true; // not consulted: the value came with the request
    assertThat(a.findById("u7", before)).isPresent();
    counters.down = false;

    b.setRoles("u7", Set.of("admin"));
    OptionalLong after = counters.current("a:u7");
    assertThat(a.findById("u7", after).orElseThrow().roles()).as("a request that read the moved counter").containsExactly("admin");
    assertThat(a.findById("u7").orElseThrow().roles()).containsExactly("admin");
  }

  @Test
  void aMissingAccountIsNotRemembered() {
    assertThat(a.findById("nobody")).isEmpty();
    account("nobody");
    assertThat(a.findById("nobody")).isPresent();
  }

  @Test
  void whenTheCountersCannotBeReadEveryReadGoesToTheStoreAndNothingKeptSurvives() {
    account("u3");
    a.findById("u3");
    counters.down = true;
    int reads = db.reads.get();
    assertThat(a.findById("u3")).isPresent();
    assertThat(a.findById("u3")).isPresent();
    assertThat(db.reads.get()).isEqualTo(reads + 2);
    // a change stored while the counters are away cannot be announced: the writer hears of it
    assertThatThrownBy(() -> b.setRoles("u3", Set.of("admin"))).isInstanceOf(StoreUnavailableException.class);
    counters.down = false;
    // the counters came back unmoved: A must not serve what it kept before the outage
    assertThat(a.findById("u3").orElseThrow().roles()).containsExactly("admin");
  }

  @Test
  void anEntryIsReReadAfterMaxAgeWhateverTheCounters() {
    account("u4");
    a.findById("u4");
    db.rolesBehindTheCachesBack("u4", Set.of("ops")); // a change nobody announced
    assertThat(a.findById("u4").orElseThrow().roles()).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(a.findById("u4").orElseThrow().roles()).containsExactly("ops");
  }

  @Test
  void withoutCountersNothingIsKept() {
    CachingAccountStore off = new CachingAccountStore(db, ChangeCounters.NONE, clock, Duration.ofSeconds(60));
    account("u5");
    int reads = db.reads.get();
    off.findById("u5");
    off.findById("u5");
    assertThat(db.reads.get()).isEqualTo(reads + 2);
  }

  /**
   * Many readers on A while B flips the roles: once B's {@code setRoles} has returned, no read that
   * starts afterwards on A may see the roles from before.
   */
  @Test
  void underParallelReadsNoReadStartedAfterAChangeReturnedSeesTheOldValue() throws Exception {
    account("u6");
    int readers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
    try {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger stale = new AtomicInteger();
      // the roles the last completed setRoles wrote: 0, 1, 2 ... as role "r<n>"
      AtomicInteger committed = new AtomicInteger(-1);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        futures.add(pool.submit(() -> {
          go.await();
          while (!stop.get()) {
            int before = committed.get();
            Set<String> roles = a.findById("u6").orElseThrow().roles();
            int seen = roles.isEmpty() ? -1 : Integer.parseInt(roles.iterator().next().substring(1));
            if (seen < before) {
              stale.incrementAndGet();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (int n = 0; n < 2_000; n++) {
        b.setRoles("u6", Set.of("r" + n));
        committed.set(n);
      }
      stop.set(true);
      for (Future<?> f : futures) {
        f.get();
      }
      assertThat(stale.get()).as("reads that saw roles older than a change already returned").isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  /** An account store that counts reads and can land a change right after one read took its snapshot. */
  private static final class CountingStore implements AccountStore {
    private final InMemoryAccountStore inner = new InMemoryAccountStore();
    final AtomicInteger reads = new AtomicInteger();
    volatile Runnable afterNextRead;

    @Override public void create(Account account) { inner.create(account); }

    @Override
    public Optional<Account> findById(String id) {
      reads.incrementAndGet();
      Runnable after = afterNextRead;
      afterNextRead = null;
      Optional<Account> read = inner.findById(id);
      if (after != null) {
        after.run(); // the change lands after this read took its snapshot
      }
      return read;
    }

    void rolesBehindTheCachesBack(String id, Set<String> roles) { inner.setRoles(id, roles); }

    @Override public Optional<Account> findByEmail(String e) { return inner.findByEmail(e); }
    @Override public boolean updatePasswordHash(String id, String h) { return inner.updatePasswordHash(id, h); }
    @Override public boolean replacePasswordHash(String id, String x, String h) { return inner.replacePasswordHash(id, x, h); }
    @Override public boolean setRoles(String id, Set<String> roles) { return inner.setRoles(id, roles); }
    @Override public Optional<Long> bumpTokenVersion(String id) { return inner.bumpTokenVersion(id); }
    @Override public List<Account> search(String q, String after, int limit) { return inner.search(q, after, limit); }
  }

  /** Counters that can be made to fail like a Redis that does not answer. */
  private static final class SwitchableCounters implements ChangeCounters {
    private final ChangeCounters inner;
    volatile boolean down;

    SwitchableCounters(ChangeCounters inner) { this.inner = inner; }

    @Override
    public OptionalLong current(String userId) {
      if (down) {
        throw new StoreUnavailableException("counters down", null);
      }
      return inner.current(userId);
    }

    @Override
    public void advance(String userId) {
      if (down) {
        throw new StoreUnavailableException("counters down", null);
      }
      inner.advance(userId);
    }
  }
}
