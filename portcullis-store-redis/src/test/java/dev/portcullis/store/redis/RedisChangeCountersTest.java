package dev.portcullis.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.store.ChangeCounters;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account change counters in the local Redis, as two instances see them. */
class RedisChangeCountersTest {
  @RegisterExtension
  static final TestRedis.PerClass redis = new TestRedis.PerClass();

  @Test
  void twoInstancesReadTheSameCounterAndSeeEachOthersAdvance() {
    ChangeCounters a = new RedisChangeCounters(redis.connection());
    ChangeCounters b = new RedisChangeCounters(redis.connection());
    OptionalLong first = a.current("user-1");
    assertThat(first).isPresent();
    assertThat(b.current("user-1")).isEqualTo(first);
    b.advance("user-1");
    assertThat(a.current("user-1")).isNotEqualTo(first);
    assertThat(a.current("user-1")).isEqualTo(b.current("user-1"));
  }

  @Test
  void aCounterStartsAtARandomValueSoALostCounterNeverComesBackToAValueHeldBefore() {
    ChangeCounters epochs = new RedisChangeCounters(redis.connection());
    long before = epochs.current("user-2").orElseThrow();
    assertThat(before).as("not 0: a fresh start is random").isGreaterThanOrEqualTo(1L << 40);
    redis.deleteKeys(); // Redis restarted empty, or the key was evicted
    long after = epochs.current("user-2").orElseThrow();
    assertThat(after).isNotEqualTo(before).isGreaterThanOrEqualTo(1L << 40);
    redis.deleteKeys();
    epochs.advance("user-2"); // an advance on a missing counter also starts it at random
    assertThat(epochs.current("user-2").orElseThrow()).isNotIn(before, after, 1L);
  }

  @Test
  void twoCountersReadAtOnceAreTheOnesReadOneByOneAndAMissingOneIsStarted() {
    ChangeCounters counters = new RedisChangeCounters(redis.connection());
    OptionalLong first = counters.current("k:key-1");
    OptionalLong[] both = counters.current("k:key-1", "a:user-5");
    assertThat(both[0]).isEqualTo(first);
    assertThat(both[1]).as("started at random, like a single read").isPresent();
    assertThat(both[1].getAsLong()).isGreaterThanOrEqualTo(1L << 40);
    assertThat(counters.current("a:user-5")).isEqualTo(both[1]);
    counters.advance("a:user-5");
    assertThat(counters.current("k:key-1", "a:user-5")[1]).isNotEqualTo(both[1]);
  }

  @Test
  void aValueSomeoneElseWroteServesNothingFromMemory() {
    ChangeCounters epochs = new RedisChangeCounters(redis.connection());
    String key = redis.connection().prefix() + "e:" + ChangeCounters.stripe("user-3");
    redis.connection().call("test", c -> c.set(key, "not a number"));
    assertThat(epochs.current("user-3")).isEmpty();
  }

  @Test
  void accountsShareOneOfAFixedNumberOfCounters() {
    assertThat(ChangeCounters.stripe("user-4")).isBetween(0, ChangeCounters.STRIPES - 1);
    assertThat(ChangeCounters.stripe("u_" + "x".repeat(100))).isBetween(0, ChangeCounters.STRIPES - 1);
  }
}
