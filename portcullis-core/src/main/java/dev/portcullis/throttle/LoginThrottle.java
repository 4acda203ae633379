package dev.portcullis.throttle;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.RateLimitedException;
import java.time.Clock;
import java.time.Duration;

/**
 * Limits failed logins per account and per client IP over a sliding window. Only failures count; a
 * successful login clears the account's counter (not the IP's, so one good password does not
 * launder a spraying IP).
 */
public final class LoginThrottle {
  private final ThrottleStore store;
  private final Clock clock;
  private final Limits limits;

  /** At most {@code perAccount} failures per account and {@code perIp} per IP within {@code window}. */
  public record Limits(int perAccount, int perIp, Duration window) {
    public static final Limits DEFAULT = new Limits(5, 50, Duration.ofMinutes(15));

    public Limits {
      if (perAccount < 1 || perIp < 1 || window.toSeconds() < 1) {
        throw new IllegalArgumentException("login limits must be positive");
      }
    }
  }

  public LoginThrottle(ThrottleStore store, Clock clock, Limits limits) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /** Throws {@link RateLimitedException} if either the account or the IP is over its limit. */
  public void check(String normalizedEmail, String ip) {
    check(accountKey(normalizedEmail), limits.perAccount(), "account");
    check(ipKey(ip), limits.perIp(), "ip");
  }

  public void recordFailure(String normalizedEmail, String ip) {
    long bucket = bucket();
    Duration ttl = limits.window().multipliedBy(2);
    store.increment(accountKey(normalizedEmail), bucket, ttl);
    store.increment(ipKey(ip), bucket, ttl);
  }

  public void recordSuccess(String normalizedEmail) {
    store.reset(accountKey(normalizedEmail));
  }

  private void check(String key, int limit, String what) {
    long windowMs = limits.window().toMillis();
    long now = clock.millis();
    long bucket = now / windowMs;
    long elapsed = now - bucket * windowMs;
    ThrottleStore.Counts counts = store.peek(key, bucket);
    double weight = 1.0 - (double) elapsed / windowMs;
    double estimate = counts.previous() * weight + counts.current();
    // this attempt must fit: at most limit - 1 weighted failures may already be in the window
    double threshold = limit - 1;
    if (estimate <= threshold) {
      return;
    }
    long waitMs;
    if (counts.current() <= threshold) {
      // the previous bucket's weight has to fall far enough: prev * (1 - (e + t) / W) + cur <= threshold
      double t = windowMs * (1.0 - (threshold - counts.current()) / counts.previous()) - elapsed;
      waitMs = (long) Math.ceil(t) + 1;
    } else {
      // wait for the next bucket, then for the current count's weight to fall to the threshold
      double t = windowMs * (1.0 - threshold / counts.current());
      waitMs = (windowMs - elapsed) + (long) Math.ceil(t) + 1;
    }
    throw new RateLimitedException(
        Duration.ofMillis(Math.max(1000, waitMs)),
        "login throttled by " + what + " limit (" + limit + " failures per " + limits.window() + ")");
  }

  private long bucket() {
    return clock.millis() / limits.window().toMillis();
  }

  // keys hash the email so that no address is written into a throttle store in clear
  private static String accountKey(String email) {
    return "login:acct:" + Tokens.sha256(email);
  }

  private static String ipKey(String ip) {
    return "login:ip:" + (ip == null ? "unknown" : ip);
  }
}
