package dev.portcullis.login;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.session.SessionService;
import java.time.Clock;
import java.util.Optional;

/** A signed-in user changing their own password: the one call for every face that offers it. */
public final class PasswordChange {
  private final AccountService accounts;
  private final SessionService sessions;
  private final Clock clock;

  /** The account after the change, and the fresh session of a browser caller (empty for a token caller). */
  public record Changed(Account account, Optional<SignedIn> signedIn) {}

  public PasswordChange(AccountService accounts, SessionService sessions, Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * Verifies {@code current}, stores {@code next} and ends every session and refresh token of the
   * user, the caller's own included. A browser caller is signed in again at once with a new session,
   * stamped with the version this change bumped to, so that a forced logout racing the change ends
   * it too. A token caller gets none: its own login died with the others.
   */
  public Changed change(Principal caller, String current, String next, Device origin) {
    Account account = accounts.changePassword(caller.userId(), current, next, origin);
    Optional<SignedIn> fresh = caller.isBrowserSession()
        ? Optional.of(SignedIn.newSession(sessions, account, clock, origin))
        : Optional.empty();
    return new Changed(account, fresh);
  }
}
