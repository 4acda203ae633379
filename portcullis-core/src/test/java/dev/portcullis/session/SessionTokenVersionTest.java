package dev.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.TestClock;
import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.HashingPool;
import dev.portcullis.account.InMemoryAccountStore;
import dev.portcullis.account.PasswordHasher;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A login that checked the old password before a password change or forced logout, and stores its
 * session after the bulk revocation, must not keep a working session: every session is stamped
 * with the token version its password check saw, and a mismatch ends it.
 */
class SessionTokenVersionTest {
  private static final String OLD = "old password 1";
  private static final String NEW = "new password 2";

  private final TestClock clock = new TestClock();
  private final InMemoryAccountStore store = new InMemoryAccountStore();
  private final HashingPool pool = new HashingPool(2, 16);
  private final InMemorySessionStore sessionStore = new InMemorySessionStore(clock);
  private final AccountService accounts = new AccountService(store, new PasswordHasher(new PasswordHasher.Params(1024, 1, 1)),
      pool, new LoginThrottle(new InMemoryThrottleStore(clock), clock, LoginThrottle.Limits.DEFAULT),
        new RegistrationThrottle(new InMemoryThrottleStore(clock), clock, RegistrationThrottle.Limit.DEFAULT),
      new InMemoryAuditLog(), clock);
  private final SessionService sessions = new SessionService(sessionStore, store, new InMemoryAuditLog(), clock,
      new SessionPolicy(Duration.ofHours(1), Duration.ofHours(8)), new Hmac(new byte[32]));
  private final Device attacker = new Device("198.51.100.66", "curl/8");
  private final Device owner = new Device("192.0.2.1", "Firefox");
  private final Account alice;

  SessionTokenVersionTest() {
    accounts.addRevocationListener(sessions);
    alice = accounts.register("alice@example.com", OLD, owner);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  private static void assertSessionExpired(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(AuthenticationException.class)
        .hasFieldOrPropertyWithValue("code", "session_expired");
  }

  @Test
  void aLoginInFlightAcrossAPasswordChangeGetsASessionThatIsDeadAtItsFirstUse() {
    Account checked = accounts.authenticate("alice@example.com", OLD, attacker); // the old password passes
    clock.advance(Duration.ofMillis(40));
    Account changed = accounts.changePassword(alice.id(), OLD, NEW, owner);       // revokes everything
    SessionService.Issued late = sessions.create(checked, clock.instant(), attacker); // the login finishes

    assertThat(late.session().tokenVersion()).isZero();
    assertThat(sessions.list(alice.id())).isEmpty(); // dead already, so not shown as a device
    assertSessionExpired(() -> sessions.validate(late.token()));
    assertThat(sessionStore.listByUser(alice.id())).isEmpty(); // deleted, not merely refused
    // the owner's fresh session, made from the account the change returned, works
    SessionService.Issued fresh = sessions.create(changed, clock.instant(), owner);
    assertThat(sessions.validate(fresh.token()).session().tokenVersion()).isEqualTo(1);
  }

  @Test
  void aLoginInFlightAcrossAForcedLogoutGetsASessionThatIsDeadAtItsFirstUse() {
    Account checked = accounts.authenticate("alice@example.com", OLD, attacker);
    accounts.forceLogout(alice.id(), "admin", owner);
    SessionService.Issued late = sessions.create(checked, clock.instant(), attacker);

    assertSessionExpired(() -> sessions.validate(late.token()));
    // logging in again afterwards works: the new check sees the new version
    Account again = accounts.authenticate("alice@example.com", OLD, owner);
    assertThat(sessions.validate(sessions.create(again, clock.instant(), owner).token()).account().id())
        .isEqualTo(alice.id());
  }

  @Test
  void theSessionOfAPasswordChangeRacedByAForcedLogoutDiesToo() {
    // a forced logout landing between the change's bump and its return must not be outlived by the
    // changer's fresh session: the change hands back the version it bumped to, not a later read
    accounts.addRevocationListener(userId -> {
      store.bumpTokenVersion(userId); // the admin's forced logout, in between
      return 0;
    });
    Account changed = accounts.changePassword(alice.id(), OLD, NEW, owner);
    assertThat(changed.tokenVersion()).isEqualTo(1);
    SessionService.Issued fresh = sessions.create(changed, clock.instant(), owner);
    assertSessionExpired(() -> sessions.validate(fresh.token()));
  }
}
