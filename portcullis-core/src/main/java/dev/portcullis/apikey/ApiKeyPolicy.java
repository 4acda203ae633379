package dev.portcullis.apikey;

import dev.portcullis.throttle.RequestQuota;
import java.time.Duration;

/**
 * The rules for API keys; the one place of their defaults.
 *
 * @param rateLimit requests per key, counted across instances
 * @param lastUsedInterval a key's {@code lastUsedAt} is written at most once per this interval
 * @param defaultGrace how long a rotated key keeps working when the caller names no grace
 * @param maxGrace the longest grace a rotation may ask for (and never past the key's own expiry)
 * @param maxLifetime the longest expiry a key may be created with
 * @param maxKeysPerUser live keys per user; a soft cap (creations racing each other may pass it by a few)
 * @param retention how long an ended key is kept, so that its later use is recognised and audited
 */
public record ApiKeyPolicy(
    RequestQuota.Limit rateLimit,
    Duration lastUsedInterval,
    Duration defaultGrace,
    Duration maxGrace,
    Duration maxLifetime,
    int maxKeysPerUser,
    Duration retention) {

  public static final ApiKeyPolicy DEFAULT = new ApiKeyPolicy(
      new RequestQuota.Limit(600, Duration.ofMinutes(1)),
      Duration.ofMinutes(1),
      Duration.ofHours(24),
      Duration.ofDays(30),
      Duration.ofDays(3650),
      100,
      Duration.ofDays(30));

  public ApiKeyPolicy {
    if (lastUsedInterval.isNegative() || lastUsedInterval.isZero()) {
      throw new IllegalArgumentException("the last-used interval must be positive");
    }
    if (defaultGrace.isNegative() || maxGrace.isNegative() || defaultGrace.compareTo(maxGrace) > 0) {
      throw new IllegalArgumentException("the default rotation grace must lie between 0 and the maximum");
    }
    if (maxLifetime.toDays() < 1 || maxLifetime.toDays() > 36500) {
      throw new IllegalArgumentException("the longest key lifetime must be between 1 day and 100 years");
    }
    if (maxKeysPerUser < 1) {
      throw new IllegalArgumentException("a user must be allowed at least one key");
    }
    if (retention.isNegative()) {
      throw new IllegalArgumentException("the retention of ended keys cannot be negative");
    }
  }

  /** This policy with another rate limit. */
  public ApiKeyPolicy withRateLimit(RequestQuota.Limit limit) {
    return new ApiKeyPolicy(limit, lastUsedInterval, defaultGrace, maxGrace, maxLifetime, maxKeysPerUser, retention);
  }
}
