package dev.portcullis.store;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Change counters that let an instance keep records (accounts, API keys) in memory and still see
 * another instance's change at its next request. Every record name (e.g. {@code a:<user id>})
 * hashes to one of {@link #STRIPES} counters, the same on every instance ({@link String#hashCode}
 * is specified). A writer moves the record's counter on <em>after</em> its change is stored; a
 * reader reads the counter <em>before</em> the record, so what it read is at least as new as the
 * counter value it keeps it under (see {@link CounterCheckedCache}). Two records sharing a counter
 * only cost each other an extra read.
 */
public interface ChangeCounters {
  int STRIPES = 16_384;

  /**
   * The current value of the record's counter; empty when it cannot be known for sure (then nothing
   * may be served from memory). Throws {@link dev.portcullis.error.StoreUnavailableException} when
   * the backend does not answer.
   */
  OptionalLong current(String name);

  /** {@link #current} of two records, in one round trip where the backend allows it. */
  default OptionalLong[] current(String name, String other) {
    return new OptionalLong[] {current(name), current(other)};
  }

  /** Moves the record's counter on: called once the record's change is stored. */
  void advance(String name);

  /** Whether values can be known at all: false for {@link #NONE}, which turns caching off. */
  default boolean enabled() {
    return true;
  }

  static int stripe(String name) {
    return Math.floorMod(name.hashCode(), STRIPES);
  }

  /** No counters: every read goes to the store (several instances with no shared Redis). */
  ChangeCounters NONE = new ChangeCounters() {
    @Override
    public OptionalLong current(String name) {
      return OptionalLong.empty();
    }

    @Override
    public void advance(String name) {
      // nothing to announce: nothing is cached
    }

    @Override
    public boolean enabled() {
      return false;
    }
  };

  /**
   * Counters in this process: right only when every change goes through it (the embedded database,
   * which one process opens at a time).
   */
  static ChangeCounters inProcess() {
    AtomicLongArray counters = new AtomicLongArray(STRIPES);
    return new ChangeCounters() {
      @Override
      public OptionalLong current(String name) {
        return OptionalLong.of(counters.get(stripe(name)));
      }

      @Override
      public void advance(String name) {
        counters.incrementAndGet(stripe(name));
      }
    };
  }
}
