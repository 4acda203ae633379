package dev.portcullis.throttle;

import java.time.Duration;

/**
 * Counters for a sliding-window rate limit, kept as one counter per fixed bucket. A limiter reads
 * the current and the previous bucket and weighs the previous one by how much of it still falls in
 * the window (the "sliding window counter" approximation).
 */
public interface ThrottleStore {
  /** Counts of one key in bucket {@code bucket} and bucket {@code bucket - 1}. */
  record Counts(long current, long previous) {}

  /**
   * Atomically adds one to {@code key}'s counter for {@code bucket}, keeps it for at least {@code
   * ttl}, and returns the counts after the increment.
   */
  Counts increment(String key, long bucket, Duration ttl);

  /** The counts without changing them. */
  Counts peek(String key, long bucket);

  /** Forgets every counter of {@code key}. */
  void reset(String key);
}
