package dev.portcullis.throttle;

import dev.portcullis.error.RateLimitedException;

/**
 * A request over its {@link RequestQuota}: HTTP 429 with Retry-After like any {@link
 * RateLimitedException}, plus the figures for the {@code RateLimit} headers.
 */
public final class QuotaExceededException extends RateLimitedException {
  private final transient RequestQuota.Usage usage;

  public QuotaExceededException(RequestQuota.Usage usage, String logDetail) {
    super(usage.reset(), logDetail);
    this.usage = usage;
  }

  public RequestQuota.Usage usage() {
    return usage;
  }
}
