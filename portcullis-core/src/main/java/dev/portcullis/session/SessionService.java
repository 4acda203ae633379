package dev.portcullis.session;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.RevocationListener;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, validates, rotates and ends browser sessions. A validation reads the session and the
 * account and writes nothing, except a coalesced last-seen update at most once per touch interval
 * and a token rotation after a privilege change.
 */
public final class SessionService implements RevocationListener {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
  /** Longer than any cookie value this server issues (43 characters); longer input is not hashed. */
  private static final int MAX_TOKEN_LENGTH = 128;

  private final SessionStore store;
  private final AccountStore accounts;
  private final AuditLog audit;
  private final Clock clock;
  private final SessionPolicy policy;
  private final Hmac csrfKey;

  /** A new session and the cookie secret that names it (shown once, never stored). */
  public record Issued(Session session, String token) {
    @Override
    public String toString() {
      return "Issued[" + session + "]";
    }
  }

  /** A valid session, its account, and a replacement secret if the id had to be rotated. */
  public record Validated(Session session, Account account, Optional<String> rotatedToken) {}

  public SessionService(
      SessionStore store, AccountStore accounts, AuditLog audit, Clock clock, SessionPolicy policy, Hmac csrfKey) {
    this.store = store;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
    this.policy = policy;
    this.csrfKey = csrfKey;
  }

  /**
   * Always a brand-new id: a session named by the caller is never adopted. The session is stamped
   * with {@code account}'s token version, so pass the account as it was when the password was
   * checked (what {@code AccountService.authenticate} or {@code changePassword} returned), never a
   * fresh read: a bump in between must kill the session.
   */
  public Issued create(Account account, Instant authTime, Device device) {
    Instant now = clock.instant();
    String token = Tokens.secret256();
    Instant absolute = now.plus(policy.absolute());
    Session session =
        new Session(
            Tokens.handle("s_"),
            account.id(),
            Tokens.sha256(token),
            now,
            authTime,
            now,
            min(now.plus(policy.idle()), absolute),
            absolute,
            account.privilegeVersion(),
            account.tokenVersion(),
            device.userAgent(),
            device.ip());
    store.create(session);
    return new Issued(session, token);
  }

  /**
   * Resolves a cookie secret to a live session. Throws {@code session_expired} for an unknown,
   * expired or ended session (the client presented a session that no longer works), and for one
   * stamped with an older token version than the account's, which it also deletes.
   */
  public Validated validate(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw AuthenticationException.sessionExpired("malformed session cookie");
    }
    Instant now = clock.instant();
    SessionStore.Found found =
        store
            .findForValidation(Tokens.sha256(token))
            .filter(f -> now.isBefore(f.session().expiresAt()))
            .orElseThrow(() -> AuthenticationException.sessionExpired("unknown or expired session"));
    Session session = found.session();
    Account account =
        accounts
            .findById(session.userId(), found.accountCounter())
            .orElseThrow(() -> AuthenticationException.sessionExpired("session of a deleted account"));
    if (account.tokenVersion() != session.tokenVersion()) {
      // made by a login that checked the password before a password change or forced logout and
      // finished after its bulk revocation: it belongs to the old credentials
      store.delete(session.userId(), session.id());
      throw AuthenticationException.sessionExpired("session " + session.id() + " carries token version "
          + session.tokenVersion() + ", the account is at " + account.tokenVersion());
    }

    if (Duration.between(session.lastSeenAt(), now).compareTo(policy.touchInterval()) >= 0) {
      Instant expires = min(now.plus(policy.idle()), session.absoluteExpiresAt());
      store.touch(session.userId(), session.id(), now, expires);
      session = session.withLastSeen(now, expires);
    }

    Optional<String> rotated = Optional.empty();
    if (account.privilegeVersion() != session.privilegeVersion()) {
      String fresh = Tokens.secret256();
      String freshHash = Tokens.sha256(fresh);
      if (store.rotateToken(session.userId(), session.id(), session.tokenHash(), freshHash, account.privilegeVersion())) {
        session = session.withToken(freshHash, account.privilegeVersion());
        rotated = Optional.of(fresh);
        LOG.info("session {} got a new id after a privilege change", session.id());
      }
      // otherwise a concurrent request rotated it first: this request, made with the secret that was
      // valid a moment ago, is served; the secret itself no longer works for the next one
    }
    return new Validated(session, account, rotated);
  }

  /**
   * Ends the session named by a cookie sent along with a login, if it is live: it is never adopted,
   * and it must not linger beside the new one.
   */
  public void endPresented(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return;
    }
    store.findByTokenHash(Tokens.sha256(token)).ifPresent(s -> store.delete(s.userId(), s.id()));
  }

  public void logout(Session session, Device device) {
    store.delete(session.userId(), session.id());
    audit.record(new AuditEvent(clock.instant(), AuditEvent.LOGOUT, session.userId(), device.ip(),
        device.userAgent(), "session " + session.id() + " logged out"));
  }

  /** The user's live sessions, newest first; one stamped with an older token version is not live. */
  public List<Session> list(String userId) {
    Instant now = clock.instant();
    long version = accounts.findById(userId).map(Account::tokenVersion).orElse(-1L);
    return store.listByUser(userId).stream()
        .filter(s -> now.isBefore(s.expiresAt()) && s.tokenVersion() == version)
        .toList();
  }

  /** Ends one of the user's sessions; 404 if it is not theirs (not 403: no probing of other users' ids). */
  public void revoke(String userId, String sessionId, Device device) {
    if (!store.delete(userId, sessionId)) {
      throw new NotFoundException("No such session.");
    }
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SESSION_REVOKED, userId, device.ip(),
        device.userAgent(), "session " + sessionId + " revoked"));
  }

  public int revokeOthers(String userId, String keepSessionId, Device device) {
    int n = store.deleteByUser(userId, keepSessionId);
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SESSION_REVOKED, userId, device.ip(),
        device.userAgent(), n + " other sessions revoked"));
    return n;
  }

  @Override
  public int revokeAllFor(String userId) {
    return store.deleteByUser(userId, null);
  }

  /** The session's CSRF token: an HMAC of its public id under a server key, so nothing is stored. */
  public String csrfToken(Session session) {
    return csrfKey.sign("csrf|" + session.id());
  }

  public boolean csrfMatches(Session session, String provided) {
    return provided != null && Tokens.constantTimeEquals(csrfToken(session), provided);
  }

  /** How long the cookie should live: the absolute lifetime left (the server enforces idleness). */
  public Duration cookieLifetime(Session session) {
    Duration left = Duration.between(clock.instant(), session.absoluteExpiresAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
