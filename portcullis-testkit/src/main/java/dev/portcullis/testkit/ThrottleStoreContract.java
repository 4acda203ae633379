package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.throttle.ThrottleStore;
import dev.portcullis.throttle.ThrottleStore.Counts;
import dev.portcullis.throttle.ThrottleStore.Reservation;
import dev.portcullis.throttle.ThrottleStore.Slot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link ThrottleStore} must show. Keys are random per test. */
public abstract class ThrottleStoreContract {
  protected static final long LENGTH = Duration.ofMinutes(15).toMillis();
  /** The start of bucket 100: the previous bucket weighs fully. */
  protected static final Slot START = new Slot(100, 0, LENGTH);

  protected MutableClock clock;
  protected ThrottleStore store;

  protected abstract ThrottleStore newStore(MutableClock clock);

  @BeforeEach
  void setUpThrottleStore() {
    clock = new MutableClock();
    store = newStore(clock);
  }

  protected static String key() {
    return "login:ip:" + UUID.randomUUID();
  }

  private static Slot at(long bucket, double fraction) {
    return new Slot(bucket, (long) (LENGTH * fraction), LENGTH);
  }

  private static Reservation granted(long current, long previous) {
    return new Reservation(true, new Counts(current, previous));
  }

  private static Reservation refused(long current, long previous) {
    return new Reservation(false, new Counts(current, previous));
  }

  @Test
  void reservationsAreCountedUpToTheLimitAndThenRefusedWithoutCounting() {
    String k = key();
    assertThat(store.reserve(k, START, 3)).isEqualTo(granted(1, 0));
    assertThat(store.reserve(k, START, 3)).isEqualTo(granted(2, 0));
    assertThat(store.reserve(k, START, 3)).isEqualTo(granted(3, 0));
    assertThat(store.reserve(k, START, 3)).isEqualTo(refused(3, 0));
    assertThat(store.reserve(k, START, 3)).isEqualTo(refused(3, 0));
    // a higher limit (another policy on the same key) sees the same three
    assertThat(store.reserve(k, START, 4)).isEqualTo(granted(4, 0));
  }

  @Test
  void thePreviousBucketWeighsByHowMuchOfItIsStillInTheWindow() {
    String k = key();
    for (int i = 0; i < 4; i++) {
      store.reserve(k, at(99, 0.5), 10);
    }
    // a quarter into bucket 100, the 4 of bucket 99 weigh 3: with a limit of 5 two more fit
    assertThat(store.reserve(k, at(100, 0.25), 5)).isEqualTo(granted(1, 4));
    assertThat(store.reserve(k, at(100, 0.25), 5)).isEqualTo(granted(2, 4));
    assertThat(store.reserve(k, at(100, 0.25), 5)).isEqualTo(refused(2, 4));
    // half-way they weigh 2: one more
    assertThat(store.reserve(k, at(100, 0.5), 5)).isEqualTo(granted(3, 4));
    assertThat(store.reserve(k, at(100, 0.5), 5)).isEqualTo(refused(3, 4));
    // in bucket 101 bucket 99 no longer counts, and 100's 3 weigh fully at its start
    assertThat(store.reserve(k, new Slot(101, 0, LENGTH), 5)).isEqualTo(granted(1, 3));
  }

  @Test
  void theRuleIsExactAtTheBoundary() {
    String k = key();
    for (int i = 0; i < 3; i++) {
      store.reserve(k, at(99, 0), 3);
    }
    // 3 previous weigh 3 * (LENGTH - e) / LENGTH: one attempt fits once that is at most 2
    long e = LENGTH / 3; // 3 * (1 - 1/3) = 2 exactly
    assertThat(store.reserve(k, new Slot(100, e - 1, LENGTH), 3).granted()).isFalse();
    assertThat(store.reserve(k, new Slot(100, e, LENGTH), 3)).isEqualTo(granted(1, 3));
  }

  @Test
  void releaseGivesOneAttemptBackButNeverGoesBelowZero() {
    String k = key();
    store.release(k, 100); // nothing to give back
    store.reserve(k, START, 2);
    store.reserve(k, START, 2);
    assertThat(store.reserve(k, START, 2).granted()).isFalse();
    store.release(k, 100);
    assertThat(store.reserve(k, START, 2)).isEqualTo(granted(2, 0));
    store.release(k, 100);
    store.release(k, 100);
    store.release(k, 100);
    assertThat(store.reserve(k, START, 2)).isEqualTo(granted(1, 0));
  }

  @Test
  void releaseTouchesOnlyItsBucket() {
    String k = key();
    store.reserve(k, at(99, 0), 5);
    store.reserve(k, at(100, 0), 5);
    store.release(k, 99);
    assertThat(store.reserve(k, START, 5)).isEqualTo(granted(2, 0));
  }

  @Test
  void keysAreCountedSeparately() {
    String a = key();
    String b = key();
    store.reserve(a, START, 5);
    store.reserve(a, START, 5);
    assertThat(store.reserve(b, START, 5)).isEqualTo(granted(1, 0));
    assertThat(store.reserve(a, START, 5)).isEqualTo(granted(3, 0));
  }

  @Test
  void resetForgetsEveryBucketOfTheKeyOnly() {
    String k = key();
    String other = key();
    store.reserve(k, at(99, 0), 5);
    store.reserve(k, START, 5);
    store.reserve(other, START, 5);
    store.reset(k);
    assertThat(store.reserve(k, START, 5)).isEqualTo(granted(1, 0));
    assertThat(store.reserve(other, START, 5)).isEqualTo(granted(2, 0));
  }

  @Test
  void countersExpireAfterTheirKeepTimeAndRestartFromOne() {
    String k = key();
    store.reserve(k, START, 2);
    store.reserve(k, START, 2);
    clock.advance(START.keep().minusMillis(1));
    assertThat(store.reserve(k, START, 2)).isEqualTo(refused(2, 0));
    clock.advance(Duration.ofMillis(1));
    assertThat(store.reserve(k, START, 2)).isEqualTo(granted(1, 0));
    store.release(k, 100);
    clock.advance(START.keep());
    store.release(k, 100); // an expired counter is not given anything back
    assertThat(store.reserve(k, START, 2)).isEqualTo(granted(1, 0));
  }

  @Test
  void aReservationExtendsTheCounterLifetime() {
    String k = key();
    store.reserve(k, START, 5);
    clock.advance(START.keep().minusMinutes(1));
    store.reserve(k, START, 5);
    clock.advance(Duration.ofMinutes(2));
    assertThat(store.reserve(k, START, 5)).isEqualTo(granted(3, 0));
  }

  /** The burst of issue 7: many attempts at once must not all be let in on the same count. */
  @Test
  void parallelReservationsGrantExactlyTheLimit() throws Exception {
    String k = key();
    int limit = 7;
    List<Reservation> results = Race.times(40, () -> store.reserve(k, START, limit));
    assertThat(results).filteredOn(Reservation::granted).hasSize(limit);
    assertThat(store.reserve(k, START, limit)).isEqualTo(refused(limit, 0));
  }

  @Test
  void parallelReservationsWeighThePreviousBucket() throws Exception {
    String k = key();
    for (int i = 0; i < 4; i++) {
      store.reserve(k, at(99, 0), 10);
    }
    Slot half = at(100, 0.5); // the 4 weigh 2: of a limit of 9, 7 fit
    List<Reservation> results = Race.times(40, () -> store.reserve(k, half, 9));
    assertThat(results).filteredOn(Reservation::granted).hasSize(7);
    assertThat(store.reserve(k, half, 9)).isEqualTo(refused(7, 4));
  }

  @Test
  void parallelReleasesAreAllCountedAndNeverLetMoreThanTheLimitIn() throws Exception {
    String k = key();
    int limit = 20;
    for (int i = 0; i < limit; i++) {
      store.reserve(k, START, limit);
    }
    // 10 give back while 30 try to get in: at most the 10 freed places are taken
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      tasks.add(i < 10 ? () -> {
        store.release(k, 100);
        return false;
      } : () -> store.reserve(k, START, limit).granted());
    }
    long taken = Race.run(tasks).stream().filter(g -> g).count();
    assertThat(taken).isLessThanOrEqualTo(10);
    // whatever interleaving: the count is exactly what was reserved minus what was released
    for (long i = limit - 10 + taken; i < limit; i++) {
      assertThat(store.reserve(k, START, limit).granted()).isTrue();
    }
    assertThat(store.reserve(k, START, limit)).isEqualTo(refused(limit, 0));
  }
}
