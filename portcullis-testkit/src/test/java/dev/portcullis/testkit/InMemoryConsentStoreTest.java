package dev.portcullis.testkit;

import dev.portcullis.consent.ConsentStore;
import dev.portcullis.consent.InMemoryConsentStore;

class InMemoryConsentStoreTest extends ConsentStoreContract {
  @Override
  protected ConsentStore newStore(MutableClock clock) {
    return new InMemoryConsentStore();
  }
}
