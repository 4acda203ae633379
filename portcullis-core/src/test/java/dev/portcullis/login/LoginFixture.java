package dev.portcullis.login;

import dev.portcullis.TestClock;
import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.account.HashingPool;
import dev.portcullis.account.InMemoryAccountStore;
import dev.portcullis.account.PasswordHasher;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.session.InMemorySessionStore;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.session.SessionService;
import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import java.time.Duration;
import java.util.Set;

/** The login use cases over in-memory stores, a cheap Argon2id and one movable clock. */
final class LoginFixture implements AutoCloseable {
  static final String PASSWORD = "correct horse 1";
  static final Device LAPTOP = new Device("192.0.2.1", "Firefox");
  static final Device PHONE = new Device("198.51.100.7", "Safari");

  final TestClock clock = new TestClock();
  final InMemoryAccountStore accountStore = new InMemoryAccountStore();
  final InMemoryThrottleStore throttles = new InMemoryThrottleStore(clock);
  final HashingPool pool = new HashingPool(2, 16);
  final AccountService accounts = new AccountService(accountStore, new PasswordHasher(new PasswordHasher.Params(1024, 1, 1)),
      pool, new LoginThrottle(throttles, clock, LoginThrottle.Limits.DEFAULT),
      new RegistrationThrottle(throttles, clock, RegistrationThrottle.Limit.perIp(100)), new InMemoryAuditLog(), clock);
  final SessionService sessions = new SessionService(new InMemorySessionStore(clock), accountStore,
      new InMemoryAuditLog(), clock, new SessionPolicy(Duration.ofHours(1), Duration.ofHours(8)), new Hmac(new byte[32]));
  final BrowserLogin login = new BrowserLogin(accounts, sessions, clock);
  final PasswordChange passwordChange = new PasswordChange(accounts, sessions, clock);

  LoginFixture() {
    accounts.addRevocationListener(sessions);
  }

  Account register(String email) {
    return accounts.register(email, PASSWORD, LAPTOP);
  }

  /** The caller as the server's Authenticator describes a request made with this browser session. */
  static Principal browser(SignedIn in) {
    return new Principal(in.account().id(), "session", Set.of(), Set.of(), in.issued().session().id(), null);
  }

  /** A caller with an app's access token (of refresh family {@code familyId}). */
  static Principal app(Account account, String familyId) {
    return new Principal(account.id(), "jwt", Set.of(), Set.of("read"), familyId, "c_app");
  }

  @Override
  public void close() {
    pool.close();
  }
}
