package dev.portcullis.testkit;

import dev.portcullis.token.InMemoryRefreshFamilyStore;
import dev.portcullis.token.RefreshFamilyStore;

class InMemoryRefreshFamilyStoreTest extends PurgeableRefreshFamilyStoreContract {
  @Override
  protected RefreshFamilyStore newStore(MutableClock clock) {
    return new InMemoryRefreshFamilyStore(clock);
  }
}
