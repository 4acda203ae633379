package dev.portcullis.testkit;

import dev.portcullis.token.InMemorySigningKeyStore;
import dev.portcullis.token.SigningKeyStore;

class InMemorySigningKeyStoreTest extends PurgeableSigningKeyStoreContract {
  @Override
  protected SigningKeyStore newStore(MutableClock clock) {
    return new InMemorySigningKeyStore(clock);
  }
}
