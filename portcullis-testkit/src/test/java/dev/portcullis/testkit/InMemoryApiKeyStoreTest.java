package dev.portcullis.testkit;

import dev.portcullis.apikey.ApiKeyStore;
import dev.portcullis.apikey.InMemoryApiKeyStore;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore(MutableClock clock) {
    return new InMemoryApiKeyStore();
  }
}
