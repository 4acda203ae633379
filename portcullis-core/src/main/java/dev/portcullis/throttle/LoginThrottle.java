package dev.portcullis.throttle;

import dev.portcullis.crypto.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Limits password attempts per account and per client IP over a sliding window. Each attempt is
 * reserved against both limits before the password is hashed, so a burst gets at most the limit
 * evaluated, the right password included. A failure keeps its reservation; a success clears the
 * account's counter and gives its IP reservation back (good logins do not count against an IP, and
 * one good password does not launder a spraying IP either).
 */
public final class LoginThrottle {
  private final SlidingWindowLimiter limiter;
  private final Limits limits;

  /** At most {@code perAccount} failures per account and {@code perIp} per IP within {@code window}. */
  public record Limits(int perAccount, int perIp, Duration window) {
    public static final Limits DEFAULT = new Limits(5, 50, Duration.ofMinutes(15));

    public Limits {
      if (perAccount < 1 || perIp < 1 || window.toSeconds() < 1) {
        throw new IllegalArgumentException("login limits must be positive");
      }
      if ((long) Math.max(perAccount, perIp) * window.toMillis() >= ThrottleStore.Slot.MAX_LIMIT_TIMES_LENGTH) {
        throw new IllegalArgumentException("login limits times the login window are too large");
      }
    }
  }

  /** An attempt counted against both limits, to be settled by {@link #evaluate}. */
  public record Attempt(SlidingWindowLimiter.Ticket account, SlidingWindowLimiter.Ticket ip) {}

  public LoginThrottle(ThrottleStore store, Clock clock, Limits limits) {
    this.limiter = new SlidingWindowLimiter(store, clock);
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Counts an attempt for the account and the IP, or throws {@link
   * dev.portcullis.error.RateLimitedException} if either is at its limit (then neither counts).
   */
  public Attempt reserve(String normalizedEmail, String ip) {
    SlidingWindowLimiter.Ticket account =
        limiter.reserve(accountKey(normalizedEmail), limits.perAccount(), limits.window(), "login: account");
    try {
      return new Attempt(account, limiter.reserve(ipKey(ip), limits.perIp(), limits.window(), "login: ip"));
    } catch (RuntimeException e) {
      giveBack(account, e);
      throw e;
    }
  }

  /**
   * Runs the password check of a reserved attempt and settles it: true clears the account and gives
   * the IP's reservation back, false keeps both as the failure. If the check cannot finish (a full
   * hashing queue, a store outage) the attempt was not a guess, so both reservations are given back.
   */
  public boolean evaluate(Attempt attempt, BooleanSupplier passwordCheck) {
    boolean ok;
    try {
      ok = passwordCheck.getAsBoolean();
    } catch (RuntimeException e) {
      giveBack(attempt.account(), e);
      giveBack(attempt.ip(), e);
      throw e;
    }
    if (ok) {
      limiter.reset(attempt.account().key());
      limiter.release(attempt.ip());
    }
    return ok;
  }

  private void giveBack(SlidingWindowLimiter.Ticket ticket, RuntimeException cause) {
    try {
      limiter.release(ticket);
    } catch (RuntimeException e) {
      cause.addSuppressed(e); // the store is down too: the reservation just ages out
    }
  }

  // keys hash the email so that no address is written into a throttle store in clear
  private static String accountKey(String email) {
    return "login:acct:" + Tokens.sha256(email);
  }

  private static String ipKey(String ip) {
    return "login:ip:" + (ip == null ? "unknown" : ip);
  }
}
