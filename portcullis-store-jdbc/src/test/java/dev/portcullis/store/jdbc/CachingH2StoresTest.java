package dev.portcullis.store.jdbc;

import dev.portcullis.account.AccountStore;
import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.apikey.ApiKeyStore;
import dev.portcullis.apikey.CachingApiKeyStore;
import dev.portcullis.client.CachingClientStore;
import dev.portcullis.client.ClientStore;
import dev.portcullis.session.CachingSessionStore;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.ChangeCounters;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.CachingDenyList;
import dev.portcullis.token.DenyList;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The stores' contracts against the hot-path caches over H2, as the embedded server wires them
 * (counters in the process): a cache in front of a store must behave as the store, expiry and
 * purging included. Each case is the plain H2 case with its store wrapped.
 */
class CachingH2StoresTest {
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  @Nested
  class Sessions extends H2SessionStoreTest {
    @Override
    protected SessionStore newStore(MutableClock clock) {
      return new CachingSessionStore(super.newStore(clock), ChangeCounters.inProcess(), clock, MAX_AGE);
    }
  }

  @Nested
  class Denials extends H2DenyListTest {
    @Override
    protected DenyList newDenyList(MutableClock clock) {
      return new CachingDenyList(super.newDenyList(clock), ChangeCounters.inProcess(), clock, MAX_AGE);
    }
  }

  @Nested
  class Accounts extends H2AccountStoreTest {
    @Override
    protected AccountStore newStore() {
      return new CachingAccountStore(super.newStore(), ChangeCounters.inProcess(), Clock.systemUTC(), MAX_AGE);
    }
  }

  @Nested
  class Clients extends H2ClientStoreTest {
    @Override
    protected ClientStore newStore(MutableClock clock) {
      return new CachingClientStore(super.newStore(clock), ChangeCounters.inProcess(), clock, MAX_AGE);
    }
  }

  @Nested
  class ApiKeys extends H2ApiKeyStoreTest {
    @Override
    protected ApiKeyStore newStore(MutableClock clock) {
      return new CachingApiKeyStore(super.newStore(clock), ChangeCounters.inProcess(), clock, MAX_AGE);
    }
  }
}
