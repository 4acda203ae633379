package dev.portcullis.session;

import java.time.Duration;

/**
 * Lifetimes of browser sessions: an idle timeout that slides with use, and an absolute lifetime
 * that does not.
 */
public record SessionPolicy(Duration idle, Duration absolute) {
  public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofDays(7), Duration.ofDays(30));

  private static final Duration MAX_TOUCH_INTERVAL = Duration.ofMinutes(1);

  public SessionPolicy {
    if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
      throw new IllegalArgumentException("session lifetimes must be positive");
    }
    if (idle.compareTo(absolute) > 0) {
      throw new IllegalArgumentException("session idle timeout cannot exceed the absolute lifetime");
    }
  }

  /**
   * How stale a session's last-seen time may get before a validation writes it again: a tenth of
   * the idle timeout, at most a minute. Coalescing the writes makes most validations read-only; a
   * fixed interval would let a session used every second die of a 2 s idle timeout, while a tenth
   * means an active session outlives its last request by at least nine tenths of the timeout.
   */
  public Duration touchInterval() {
    Duration tenth = idle.dividedBy(10);
    return tenth.compareTo(MAX_TOUCH_INTERVAL) < 0 ? tenth : MAX_TOUCH_INTERVAL;
  }
}
