package dev.portcullis.store.jdbc;

import dev.portcullis.account.AccountStore;
import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.apikey.ApiKeyStore;
import dev.portcullis.apikey.CachingApiKeyStore;
import dev.portcullis.session.CachingSessionStore;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.ChangeCounters;
import dev.portcullis.testkit.AccountStoreContract;
import dev.portcullis.testkit.ApiKeyStoreContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PurgeableDenyListContract;
import dev.portcullis.testkit.SessionStoreContract;
import dev.portcullis.token.CachingDenyList;
import dev.portcullis.token.DenyList;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stores' contracts against the hot-path caches over H2, as the embedded server wires them
 * (counters in the process): a cache in front of a store must behave as the store, expiry and
 * purging included.
 */
class CachingH2StoresTest {
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  @Nested
  class Sessions extends SessionStoreContract {
    @RegisterExtension
    final H2TestDatabase db = new H2TestDatabase();

    @Override
    protected SessionStore newStore(MutableClock clock) {
      return new CachingSessionStore(new JdbcSessionStore(db.dataSource(), clock), ChangeCounters.inProcess(), clock, MAX_AGE);
    }

    @Override
    protected void createUser(String userId) {
      TestAccounts.insert(db.dataSource(), userId);
    }
  }

  @Nested
  class Denials extends PurgeableDenyListContract {
    @RegisterExtension
    final H2TestDatabase db = new H2TestDatabase();

    @Override
    protected DenyList newDenyList(MutableClock clock) {
      return new CachingDenyList(new JdbcDenyList(db.dataSource(), clock), ChangeCounters.inProcess(), clock, MAX_AGE);
    }
  }

  @Nested
  class Accounts extends AccountStoreContract {
    @RegisterExtension
    final H2TestDatabase db = new H2TestDatabase();

    @Override
    protected AccountStore newStore() {
      return new CachingAccountStore(new JdbcAccountStore(db.dataSource()), ChangeCounters.inProcess(),
          Clock.systemUTC(), MAX_AGE);
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

    @AfterEach
    void closeDatabase() {
      db.close();
    }

    @Override
    protected ApiKeyStore newStore(MutableClock clock) {
      return new CachingApiKeyStore(new JdbcApiKeyStore(db.dataSource()), ChangeCounters.inProcess(), clock, MAX_AGE);
    }

    @Override
    protected void createUser(String userId) {
      TestAccounts.insert(db.dataSource(), userId);
    }
  }
}
