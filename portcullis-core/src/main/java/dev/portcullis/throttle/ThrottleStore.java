package dev.portcullis.throttle;

import java.time.Duration;

/**
 * Counters for a sliding-window rate limit, kept as one counter per fixed bucket. The limit is the
 * "sliding window counter" approximation: the previous bucket is weighed by how much of it still
 * falls in the window. The whole rule is applied inside the store, in one atomic step per attempt
 * ({@link #reserve}), so that attempts racing each other (a burst, or several instances) can never
 * all be let in on the strength of the same count.
 */
public interface ThrottleStore {
  /** Counts of one key in a bucket and in the bucket before it. */
  record Counts(long current, long previous) {}

  /** Whether the attempt was counted, and the counts after it (or as they stood, if refused). */
  record Reservation(boolean granted, Counts counts) {}

  /**
   * Where an attempt falls: bucket {@code now / length}, {@code elapsed} milliseconds into it. The
   * rule is in integers (no rounding that could differ between Java, SQL and Lua): an attempt fits
   * if {@code (current + 1) * length + previous * (length - elapsed) <= limit * length}.
   */
  record Slot(long bucket, long elapsedMillis, long lengthMillis) {
    /** Keeps every product of the rule exact in a double too (Lua numbers): below 2^53. */
    public static final long MAX_LIMIT_TIMES_LENGTH = 1L << 50;

    public Slot {
      if (lengthMillis < 1 || elapsedMillis < 0 || elapsedMillis >= lengthMillis) {
        throw new IllegalArgumentException("a slot lies within a bucket of positive length");
      }
    }

    public static Slot at(long nowMillis, Duration window) {
      long length = window.toMillis();
      return new Slot(Math.floorDiv(nowMillis, length), Math.floorMod(nowMillis, length), length);
    }

    /** True if an attempt that would make the current count {@code current} fits {@code limit}. */
    public boolean fits(long current, long previous, long limit) {
      return current * lengthMillis + previous * (lengthMillis - elapsedMillis) <= limit * lengthMillis;
    }

    /** How long a bucket's counter must live: it still weighs while it is the previous bucket. */
    public Duration keep() {
      return Duration.ofMillis(2 * lengthMillis);
    }
  }

  /**
   * Atomically counts one attempt of {@code key} in {@code slot}'s bucket if it fits {@code limit}
   * (see {@link Slot}), and keeps the bucket's counter for at least {@link Slot#keep()}. A refused
   * attempt changes nothing. {@code limit * slot.lengthMillis()} must be below {@link
   * Slot#MAX_LIMIT_TIMES_LENGTH}.
   */
  Reservation reserve(String key, Slot slot, long limit);

  /**
   * Gives one counted attempt back to {@code key}'s counter for {@code bucket} (an attempt that
   * turned out not to count); never below zero, and nothing if the counter is gone.
   */
  void release(String key, long bucket);

  /** Forgets every counter of {@code key}. */
  void reset(String key);
}
