package dev.portcullis.throttle;

import java.time.Clock;
import java.time.Duration;

/**
 * Limits account creation per client IP over a sliding window. Every registration that passes the
 * input checks counts, whatever its outcome: a taken email costs a hash too, and refunding it would
 * let a client probe for registered addresses without limit. Reserved before the hash, like logins.
 */
public final class RegistrationThrottle {
  private final SlidingWindowLimiter limiter;
  private final Limit limit;

  /** At most {@code perIp} registrations per client IP within {@code window}; the one place of the default. */
  public record Limit(int perIp, Duration window) {
    public static final int DEFAULT_PER_IP = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final int MAX_PER_IP = 1_000_000;
    public static final Limit DEFAULT = new Limit(DEFAULT_PER_IP, DEFAULT_WINDOW);

    public Limit {
      if (perIp < 1 || perIp > MAX_PER_IP) {
        throw new IllegalArgumentException("the registration limit per IP must be between 1 and " + MAX_PER_IP);
      }
      if (window.toSeconds() < 1 || window.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("the registration window must be between 1s and 7d");
      }
    }

    /** The default window with another limit. */
    public static Limit perIp(int perIp) {
      return new Limit(perIp, DEFAULT_WINDOW);
    }
  }

  public RegistrationThrottle(ThrottleStore store, Clock clock, Limit limit) {
    this.limiter = new SlidingWindowLimiter(store, clock);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }

  /** Counts one registration from {@code ip}, or throws {@link dev.portcullis.error.RateLimitedException}. */
  public void reserve(String ip) {
    limiter.reserve("register:ip:" + (ip == null ? "unknown" : ip), limit.perIp(), limit.window(), "registration: ip");
  }
}
