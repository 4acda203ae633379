package dev.portcullis.throttle;

import dev.portcullis.error.RateLimitedException;
import java.time.Clock;
import java.time.Duration;

/**
 * Reserves attempts against a sliding-window limit kept in a {@link ThrottleStore}, and says how
 * long a refused caller must wait. An attempt is counted before the work it guards starts, so a
 * burst of parallel attempts gets at most the limit through, whatever the work costs.
 */
public final class SlidingWindowLimiter {
  private final ThrottleStore store;
  private final Clock clock;

  /** A counted attempt: what {@link #release} needs to give it back. */
  public record Ticket(String key, long bucket) {}

  public SlidingWindowLimiter(ThrottleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Counts one attempt of {@code key}, or throws {@link RateLimitedException} (with a Retry-After
   * that is enough to be let in) if {@code limit} attempts already weigh in the {@code window}.
   */
  public Ticket reserve(String key, int limit, Duration window, String what) {
    ThrottleStore.Slot slot = ThrottleStore.Slot.at(clock.millis(), window);
    ThrottleStore.Reservation r = store.reserve(key, slot, limit);
    if (!r.granted()) {
      throw new RateLimitedException(retryAfter(slot, r.counts(), limit),
          what + " limit reached (" + limit + " per " + window + ")");
    }
    return new Ticket(key, slot.bucket());
  }

  /** Gives a counted attempt back. */
  public void release(Ticket ticket) {
    store.release(ticket.key(), ticket.bucket());
  }

  /** Forgets every attempt of {@code key}. */
  public void reset(String key) {
    store.reset(key);
  }

  /** The wait after which one more attempt fits, given the counts that refused this one. */
  static Duration retryAfter(ThrottleStore.Slot slot, ThrottleStore.Counts counts, long limit) {
    long windowMs = slot.lengthMillis();
    long elapsed = slot.elapsedMillis();
    // the attempt must fit: at most limit - 1 weighted attempts may already be in the window
    double threshold = limit - 1;
    long waitMs;
    if (counts.current() <= threshold && counts.previous() > 0) {
      // the previous bucket's weight has to fall far enough: prev * (1 - (e + t) / W) + cur <= threshold
      double t = windowMs * (1.0 - (threshold - counts.current()) / counts.previous()) - elapsed;
      waitMs = (long) Math.ceil(t) + 1;
    } else {
      // wait for the next bucket, then for the current count's weight to fall to the threshold
      double t = windowMs * (1.0 - threshold / Math.max(1, counts.current()));
      waitMs = (windowMs - elapsed) + (long) Math.ceil(t) + 1;
    }
    return Duration.ofMillis(Math.max(1000, waitMs));
  }
}
