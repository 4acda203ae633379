package dev.portcullis.testkit;

import dev.portcullis.account.AccountStore;
import dev.portcullis.account.InMemoryAccountStore;

class InMemoryAccountStoreTest extends AccountStoreContract {
  @Override
  protected AccountStore newStore() {
    return new InMemoryAccountStore();
  }
}
