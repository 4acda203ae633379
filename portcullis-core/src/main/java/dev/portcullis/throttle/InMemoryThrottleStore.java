package dev.portcullis.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttle counters in a map, for tests and single-process embedding. {@code compute} on the
 * concurrent map makes each increment atomic per counter; expired counters read as zero and are
 * replaced on the next increment.
 */
public final class InMemoryThrottleStore implements ThrottleStore {
  private record CounterKey(String key, long bucket) {}

  private record Counter(long count, long expiresAtMillis) {}

  private final Clock clock;
  private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

  public InMemoryThrottleStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Counts increment(String key, long bucket, Duration ttl) {
    long now = clock.millis();
    long expires = now + ttl.toMillis();
    Counter updated =
        counters.compute(
            new CounterKey(key, bucket),
            (k, old) ->
                old == null || old.expiresAtMillis() <= now
                    ? new Counter(1, expires)
                    : new Counter(old.count() + 1, Math.max(old.expiresAtMillis(), expires)));
    if (counters.size() > 10_000) {
      purgeExpired(now); // keep memory bounded under a spraying client
    }
    return new Counts(updated.count(), read(key, bucket - 1, now));
  }

  @Override
  public Counts peek(String key, long bucket) {
    long now = clock.millis();
    return new Counts(read(key, bucket, now), read(key, bucket - 1, now));
  }

  @Override
  public void reset(String key) {
    counters.keySet().removeIf(k -> k.key().equals(key));
  }

  private long read(String key, long bucket, long now) {
    Counter c = counters.get(new CounterKey(key, bucket));
    return c == null || c.expiresAtMillis() <= now ? 0 : c.count();
  }

  private void purgeExpired(long now) {
    counters.values().removeIf(c -> c.expiresAtMillis() <= now);
  }
}
