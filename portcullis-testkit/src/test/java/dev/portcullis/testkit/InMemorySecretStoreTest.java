package dev.portcullis.testkit;

import dev.portcullis.crypto.InMemorySecretStore;
import dev.portcullis.crypto.SecretStore;

class InMemorySecretStoreTest extends SecretStoreContract {
  @Override
  protected SecretStore newStore() {
    return new InMemorySecretStore();
  }
}
