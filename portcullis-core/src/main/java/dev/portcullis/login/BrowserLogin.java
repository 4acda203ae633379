package dev.portcullis.login;

import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Device;
import dev.portcullis.session.SessionService;
import java.time.Clock;

/**
 * Signing a browser in with a password: the one call every face that shows a sign-in form makes
 * (the JSON API today, server-rendered pages next).
 */
public final class BrowserLogin {
  private final AccountService accounts;
  private final SessionService sessions;
  private final Clock clock;

  public BrowserLogin(AccountService accounts, SessionService sessions, Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * Checks the password (throttled and audited by {@link AccountService#authenticate}) and starts a
   * new session. A session named by a cookie sent along ({@code presentedToken}, null if none) is
   * never adopted, so a planted cookie cannot fix the session id; it ends on success, and a failed
   * attempt leaves it alone (a mistyped password must not sign anyone out).
   */
  public SignedIn login(String email, String password, String presentedToken, Device origin) {
    var account = accounts.authenticate(email, password, origin);
    sessions.endPresented(presentedToken);
    return SignedIn.newSession(sessions, account, clock, origin);
  }
}
