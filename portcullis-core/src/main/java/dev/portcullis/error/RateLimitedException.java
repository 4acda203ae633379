package dev.portcullis.error;

import java.time.Duration;

/** Too many attempts; the caller may retry after {@link #retryAfter()}: HTTP 429. */
public class RateLimitedException extends AuthException {
  private final Duration retryAfter;

  public RateLimitedException(Duration retryAfter, String logDetail) {
    super("rate_limited", "Too many attempts; try again later.", logDetail, null);
    this.retryAfter = retryAfter;
  }

  /**
   * Whole seconds, rounded up (a client that waits exactly this long is let in) and never less than
   * one, so that a Retry-After header is always meaningful.
   */
  public Duration retryAfter() {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return Duration.ofSeconds(seconds);
  }
}
