package dev.portcullis.testkit;

import dev.portcullis.client.ClientStore;
import dev.portcullis.client.InMemoryClientStore;

class InMemoryClientStoreTest extends ClientStoreContract {
  @Override
  protected ClientStore newStore(MutableClock clock) {
    return new InMemoryClientStore();
  }
}
