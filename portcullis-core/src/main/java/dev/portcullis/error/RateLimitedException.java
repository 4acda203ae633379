package dev.portcullis.error;

import java.time.Duration;

/** Too many attempts; the caller may retry after {@link #retryAfter()}: HTTP 429. */
public class RateLimitedException extends AuthException {
  private final Duration retryAfter;

  public RateLimitedException(Duration retryAfter, String logDetail) {
    super("rate_limited", "Too many attempts; try again later.", logDetail, null);
    this.retryAfter = retryAfter;
  }

  /** Never less than one second, so that a Retry-After header is always meaningful. */
  public Duration retryAfter() {
    return retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
  }
}
