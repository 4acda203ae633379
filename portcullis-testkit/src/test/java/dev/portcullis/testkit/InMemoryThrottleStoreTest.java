package dev.portcullis.testkit;

import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.ThrottleStore;

class InMemoryThrottleStoreTest extends ThrottleStoreContract {
  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new InMemoryThrottleStore(clock);
  }
}
