package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.TestClock;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A login that checked the old password, and re-hashes it because the Argon2id parameters changed,
 * must not write the old password back over a password change that landed while it was hashing.
 */
class RehashRaceTest {
  private static final PasswordHasher.Params WEAK = new PasswordHasher.Params(1024, 1, 1);

  private final TestClock clock = new TestClock();
  private final HashingPool pool = new HashingPool(2, 16);
  private final Device device = new Device("192.0.2.1", "test");

  @AfterEach
  void close() {
    pool.close();
  }

  private AccountService service(AccountStore store, PasswordHasher.Params params) {
    return new AccountService(store, new PasswordHasher(params), pool,
        new LoginThrottle(new InMemoryThrottleStore(clock), clock, LoginThrottle.Limits.DEFAULT),
        new RegistrationThrottle(new InMemoryThrottleStore(clock), clock, RegistrationThrottle.Limit.DEFAULT),
        new InMemoryAuditLog(), clock);
  }

  @Test
  void aRehashInFlightNeverRevivesThePasswordChangedMeanwhile() {
    InMemoryAccountStore inner = new InMemoryAccountStore();
    Account alice = service(inner, WEAK).register("alice@example.com", "old password 1", device);
    String changedHash = new PasswordHasher(WEAK).hash("new password 2");
    // the login reads the account (old hash); the owner's change lands right after that read
    AccountStore racing = new DelegatingStore(inner) {
      @Override
      public Optional<Account> findByEmail(String email) {
        Optional<Account> seen = inner.findByEmail(email);
        inner.updatePasswordHash(alice.id(), changedHash);
        inner.bumpTokenVersion(alice.id());
        return seen;
      }
    };

    service(racing, PasswordHasher.DEFAULT).authenticate("alice@example.com", "old password 1", device);

    String stored = inner.findById(alice.id()).orElseThrow().passwordHash();
    assertThat(stored).isEqualTo(changedHash);
    PasswordHasher verifier = new PasswordHasher(PasswordHasher.DEFAULT);
    assertThat(verifier.verify("old password 1", stored)).isFalse();
  }

  /** Forwards everything; a test overrides the one call it races. */
  private static class DelegatingStore implements AccountStore {
    private final AccountStore inner;

    DelegatingStore(AccountStore inner) {
      this.inner = inner;
    }

    @Override public void create(Account account) { inner.create(account); }
    @Override public Optional<Account> findById(String id) { return inner.findById(id); }
    @Override public Optional<Account> findByEmail(String email) { return inner.findByEmail(email); }
    @Override public boolean updatePasswordHash(String id, String hash) { return inner.updatePasswordHash(id, hash); }
    @Override public boolean replacePasswordHash(String id, String expected, String hash) {
      return inner.replacePasswordHash(id, expected, hash);
    }
    @Override public boolean setRoles(String id, java.util.Set<String> roles) { return inner.setRoles(id, roles); }
    @Override public Optional<Long> bumpTokenVersion(String id) { return inner.bumpTokenVersion(id); }
    @Override public java.util.List<Account> list(String afterId, int limit) { return inner.list(afterId, limit); }
  }
}
