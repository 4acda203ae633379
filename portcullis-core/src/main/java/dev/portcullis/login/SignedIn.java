package dev.portcullis.login;

import dev.portcullis.account.Account;
import dev.portcullis.auth.Device;
import dev.portcullis.session.SessionService;
import java.time.Clock;
import java.time.Duration;

/**
 * A browser that has just been signed in: the account as its password check saw it, the new
 * session with the cookie secret (shown once; {@code toString} never prints it), the session's
 * CSRF token and how long the cookie should live. A face sets the cookie and hands out the token.
 */
public record SignedIn(Account account, SessionService.Issued issued, String csrfToken, Duration cookieLifetime) {

  /**
   * Always a brand-new session, stamped with {@code account}'s token version: pass the account the
   * password check returned, never a fresh read (see {@link SessionService#create}).
   */
  static SignedIn newSession(SessionService sessions, Account account, Clock clock, Device origin) {
    SessionService.Issued issued = sessions.create(account, clock.instant(), origin);
    return new SignedIn(account, issued, sessions.csrfToken(issued.session()), sessions.cookieLifetime(issued.session()));
  }
}
