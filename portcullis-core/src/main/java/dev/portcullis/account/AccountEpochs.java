package dev.portcullis.account;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Change counters that let an instance keep accounts in memory and still see another instance's
 * change at its next request. Every account hashes to one of {@link #STRIPES} counters (the same
 * on every instance: {@link String#hashCode} is specified); a writer moves the account's counter on
 * <em>after</em> its change is stored, and a reader reads the counter <em>before</em> the account,
 * so an account remembered under the value read now is at least as new as that value (see {@link
 * CachingAccountStore}). Two accounts sharing a counter only cost each other an extra read.
 */
public interface AccountEpochs {
  int STRIPES = 16_384;

  /**
   * The current value of the account's counter; empty when it cannot be known for sure (then
   * nothing may be served from memory). Throws {@link dev.portcullis.error.StoreUnavailableException}
   * when the backend does not answer.
   */
  OptionalLong current(String userId);

  /** Moves the account's counter on: called once the account's change is stored. */
  void advance(String userId);

  /** Whether values can be known at all: false for {@link #NONE}, which turns caching off. */
  default boolean enabled() {
    return true;
  }

  static int stripe(String userId) {
    return Math.floorMod(userId.hashCode(), STRIPES);
  }

  /** No counters: every read goes to the store (several instances with no shared Redis). */
  AccountEpochs NONE = new AccountEpochs() {
    @Override
    public OptionalLong current(String userId) {
      return OptionalLong.empty();
    }

    @Override
    public void advance(String userId) {
      // nothing to announce: nothing is cached
    }

    @Override
    public boolean enabled() {
      return false;
    }
  };

  /**
   * Counters in this process: right only when every change of the accounts goes through it (the
   * embedded database, which one process opens at a time).
   */
  static AccountEpochs inProcess() {
    AtomicLongArray counters = new AtomicLongArray(STRIPES);
    return new AccountEpochs() {
      @Override
      public OptionalLong current(String userId) {
        return OptionalLong.of(counters.get(stripe(userId)));
      }

      @Override
      public void advance(String userId) {
        counters.incrementAndGet(stripe(userId));
      }
    };
  }
}
