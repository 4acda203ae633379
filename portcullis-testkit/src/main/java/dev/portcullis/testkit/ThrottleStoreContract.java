package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.throttle.ThrottleStore;
import dev.portcullis.throttle.ThrottleStore.Counts;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link ThrottleStore} must show. Keys are random per test. */
public abstract class ThrottleStoreContract {
  protected static final Duration TTL = Duration.ofMinutes(30);

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

  @Test
  void peekOfUnknownKeyIsZero() {
    assertThat(store.peek(key(), 100)).isEqualTo(new Counts(0, 0));
  }

  @Test
  void incrementReturnsTheCountsAfterwards() {
    String k = key();
    assertThat(store.increment(k, 100, TTL)).isEqualTo(new Counts(1, 0));
    assertThat(store.increment(k, 100, TTL)).isEqualTo(new Counts(2, 0));
    assertThat(store.increment(k, 101, TTL)).isEqualTo(new Counts(1, 2));
  }

  @Test
  void peekReadsTheCurrentAndPreviousBucketWithoutChangingThem() {
    String k = key();
    store.increment(k, 99, TTL);
    store.increment(k, 100, TTL);
    store.increment(k, 100, TTL);
    assertThat(store.peek(k, 100)).isEqualTo(new Counts(2, 1));
    assertThat(store.peek(k, 100)).isEqualTo(new Counts(2, 1));
    assertThat(store.peek(k, 101)).isEqualTo(new Counts(0, 2));
    assertThat(store.peek(k, 102)).isEqualTo(new Counts(0, 0));
  }

  @Test
  void keysAreCountedSeparately() {
    String a = key();
    String b = key();
    store.increment(a, 100, TTL);
    store.increment(a, 100, TTL);
    store.increment(b, 100, TTL);
    assertThat(store.peek(a, 100).current()).isEqualTo(2);
    assertThat(store.peek(b, 100).current()).isEqualTo(1);
  }

  @Test
  void resetForgetsEveryBucketOfTheKeyOnly() {
    String k = key();
    String other = key();
    store.increment(k, 99, TTL);
    store.increment(k, 100, TTL);
    store.increment(other, 100, TTL);
    store.reset(k);
    assertThat(store.peek(k, 100)).isEqualTo(new Counts(0, 0));
    assertThat(store.peek(other, 100)).isEqualTo(new Counts(1, 0));
    assertThat(store.increment(k, 100, TTL)).isEqualTo(new Counts(1, 0));
  }

  @Test
  void countersExpireAfterTheirTtlAndRestartFromOne() {
    String k = key();
    store.increment(k, 100, TTL);
    store.increment(k, 100, TTL);
    clock.advance(TTL.minusMillis(1));
    assertThat(store.peek(k, 100).current()).isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(store.peek(k, 100)).isEqualTo(new Counts(0, 0));
    assertThat(store.increment(k, 100, TTL)).isEqualTo(new Counts(1, 0));
  }

  @Test
  void incrementExtendsTheCounterLifetime() {
    String k = key();
    store.increment(k, 100, TTL);
    clock.advance(TTL.minusMinutes(1));
    store.increment(k, 100, TTL);
    clock.advance(Duration.ofMinutes(2));
    assertThat(store.peek(k, 100).current()).isEqualTo(2);
  }

  @Test
  void concurrentIncrementsAreAllCounted() throws Exception {
    String k = key();
    int n = 16;
    List<Counts> results = Race.times(n, () -> store.increment(k, 100, TTL));
    assertThat(store.peek(k, 100).current()).isEqualTo(n);
    // atomic means each caller saw its own increment: the returned counts are 1..n, no repeats
    assertThat(results.stream().map(Counts::current))
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
  }
}
