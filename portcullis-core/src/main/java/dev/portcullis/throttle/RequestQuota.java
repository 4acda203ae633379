package dev.portcullis.throttle;

import java.time.Clock;
import java.time.Duration;

/**
 * A request quota per caller (an API key): at most {@link Limit#requests()} per sliding {@link
 * Limit#window()}, counted in the shared {@link ThrottleStore} so that every instance counts
 * together. Unlike {@link SlidingWindowLimiter} it reports what the {@code RateLimit} and {@code
 * RateLimit-Policy} headers carry, for a granted request as well as a refused one.
 */
public final class RequestQuota {
  private final ThrottleStore store;
  private final Clock clock;

  /** At most {@code requests} per {@code window}. */
  public record Limit(int requests, Duration window) {
    public Limit {
      if (requests < 1 || window.toSeconds() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("a request quota needs at least 1 request per 1s to 1d");
      }
      if (requests * window.toMillis() >= ThrottleStore.Slot.MAX_LIMIT_TIMES_LENGTH) {
        throw new IllegalArgumentException("the request quota times its window is too large");
      }
    }
  }

  /**
   * The quota after a request: {@code remaining} requests fit now; {@code reset} is when capacity
   * comes back: for a refused request the wait after which one more fits (its Retry-After), else the
   * end of the current counting bucket, when the sliding window starts to let old requests go.
   */
  public record Usage(Limit limit, long remaining, Duration reset) {
    /** {@link #reset()} in whole seconds, rounded up and at least 1, as the headers want it. */
    public long resetSeconds() {
      return Math.max(1, (reset.toMillis() + 999) / 1000);
    }
  }

  public RequestQuota(ThrottleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Counts one request of {@code key}, or throws {@link QuotaExceededException} (then nothing counts). */
  public Usage consume(String key, Limit limit) {
    ThrottleStore.Slot slot = ThrottleStore.Slot.at(clock.millis(), limit.window());
    ThrottleStore.Reservation r = store.reserve(key, slot, limit.requests());
    if (!r.granted()) {
      Duration wait = SlidingWindowLimiter.retryAfter(slot, r.counts(), limit.requests());
      throw new QuotaExceededException(new Usage(limit, 0, wait),
          "request quota of " + key + " reached (" + limit.requests() + " per " + limit.window() + ")");
    }
    // the same integer rule as Slot.fits: what still fits besides the weighted counts
    long length = slot.lengthMillis();
    long free = limit.requests() * length - r.counts().current() * length
        - r.counts().previous() * (length - slot.elapsedMillis());
    return new Usage(limit, Math.max(0, Math.floorDiv(free, length)), Duration.ofMillis(length - slot.elapsedMillis()));
  }
}
