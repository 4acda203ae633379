package dev.portcullis.testkit;

import dev.portcullis.token.AuthorizationCodeStore;
import dev.portcullis.token.InMemoryAuthorizationCodeStore;

class InMemoryAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {
  @Override
  protected AuthorizationCodeStore newStore(MutableClock clock) {
    return new InMemoryAuthorizationCodeStore(clock);
  }
}
