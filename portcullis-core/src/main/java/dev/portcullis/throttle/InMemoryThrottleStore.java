package dev.portcullis.throttle;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttle counters in a map, for tests and single-process embedding. {@code compute} on the
 * concurrent map makes each reservation atomic per counter (reading the previous bucket's entry
 * inside it is allowed; only reserve writes, and only its own bucket); expired counters read as
 * zero and are replaced on the next reservation.
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
  public Reservation reserve(String key, Slot slot, long limit) {
    long now = clock.millis();
    long expires = now + slot.keep().toMillis();
    Reservation[] outcome = new Reservation[1];
    counters.compute(new CounterKey(key, slot.bucket()), (k, old) -> {
      Counter live = old == null || old.expiresAtMillis() <= now ? null : old;
      long current = live == null ? 0 : live.count();
      long previous = read(key, slot.bucket() - 1, now);
      if (!slot.fits(current + 1, previous, limit)) {
        outcome[0] = new Reservation(false, new Counts(current, previous));
        return old;
      }
      outcome[0] = new Reservation(true, new Counts(current + 1, previous));
      return new Counter(current + 1, live == null ? expires : Math.max(live.expiresAtMillis(), expires));
    });
    if (counters.size() > 10_000) {
      purgeExpired(now); // keep memory bounded under a spraying client
    }
    return outcome[0];
  }

  @Override
  public void release(String key, long bucket) {
    long now = clock.millis();
    counters.computeIfPresent(new CounterKey(key, bucket), (k, c) ->
        c.expiresAtMillis() <= now || c.count() <= 0 ? c : new Counter(c.count() - 1, c.expiresAtMillis()));
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
