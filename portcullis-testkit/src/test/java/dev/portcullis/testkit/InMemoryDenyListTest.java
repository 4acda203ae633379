package dev.portcullis.testkit;

import dev.portcullis.token.DenyList;
import dev.portcullis.token.InMemoryDenyList;

class InMemoryDenyListTest extends PurgeableDenyListContract {
  @Override
  protected DenyList newDenyList(MutableClock clock) {
    return new InMemoryDenyList(clock);
  }
}
