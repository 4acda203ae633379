package dev.portcullis.session;

import java.time.Duration;

/**
 * Lifetimes of browser sessions. {@code touchInterval} coalesces last-seen writes: a session is
 * written at most once per interval, so validating costs no write.
 */
public record SessionPolicy(Duration idle, Duration absolute, Duration touchInterval) {
  public static final SessionPolicy DEFAULT =
      new SessionPolicy(Duration.ofDays(7), Duration.ofDays(30), Duration.ofMinutes(1));

  public SessionPolicy {
    if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
      throw new IllegalArgumentException("session lifetimes must be positive");
    }
    if (idle.compareTo(absolute) > 0) {
      throw new IllegalArgumentException("session idle timeout cannot exceed the absolute lifetime");
    }
    if (touchInterval.isNegative()) {
      throw new IllegalArgumentException("touch interval cannot be negative");
    }
  }
}
