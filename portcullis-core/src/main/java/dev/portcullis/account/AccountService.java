package dev.portcullis.account;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration, password login, password change, roles and forced logout. */
public final class AccountService {
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  private static final Pattern ROLE = Pattern.compile("[a-z0-9][a-z0-9_:.-]{0,63}");
  private static final int MAX_ROLES = 32;

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final HashingPool pool;
  private final LoginThrottle throttle;
  private final RegistrationThrottle registrations;
  private final AuditLog audit;
  private final Clock clock;
  private final String dummyHash;
  private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

  public AccountService(
      AccountStore store,
      PasswordHasher hasher,
      HashingPool pool,
      LoginThrottle throttle,
      RegistrationThrottle registrations,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.pool = pool;
    this.throttle = throttle;
    this.registrations = registrations;
    this.audit = audit;
    this.clock = clock;
    this.dummyHash = hasher.hash(Tokens.secret256());
  }

  public void addRevocationListener(RevocationListener listener) {
    listeners.add(listener);
  }

  public Account register(String email, String password, Device device) {
    String normalized = Emails.normalize(email);
    PasswordPolicy.check(password);
    try {
      registrations.reserve(device.ip());
    } catch (RateLimitedException e) {
      audit(AuditEvent.RATE_LIMITED, null, device, e.logDetail());
      throw e;
    }
    String hash = pool.run(() -> hasher.hash(password));
    Account account =
        new Account(Tokens.handle("u_"), normalized, hash, Set.of(), 0, 0, clock.instant());
    store.create(account);
    audit(AuditEvent.REGISTERED, account.id(), device, "account registered");
    return account;
  }

  /**
   * Checks an email and password. Unknown email and wrong password fail the same way and cost the
   * same hash. The attempt is counted against the login throttle before the hash, so a burst gets
   * at most the limit evaluated; a failure keeps its count.
   */
  public Account authenticate(String email, String password, Device device) {
    String normalized = Emails.normalize(email);
    if (password == null) {
      throw new InvalidRequestException("password is required.");
    }
    Optional<Account> found = store.findByEmail(normalized);
    String hash = found.map(Account::passwordHash).orElse(dummyHash);
    LoginThrottle.Attempt attempt = reserve(normalized, null, device, "");
    boolean ok = throttle.evaluate(attempt, () -> pool.run(() -> hasher.verify(password, hash)) && found.isPresent());
    if (!ok) {
      audit(
          AuditEvent.LOGIN_FAILED,
          found.map(Account::id).orElse(null),
          device,
          found.isPresent() ? "wrong password" : "unknown email");
      throw AuthenticationException.invalidCredentials();
    }
    Account account = found.get();
    audit(AuditEvent.LOGIN_SUCCEEDED, account.id(), device, "password verified");
    if (hasher.needsRehash(account.passwordHash())) {
      String upgraded = pool.run(() -> hasher.hash(password));
      // only over the hash just verified: a password change that landed meanwhile must stand
      if (store.replacePasswordHash(account.id(), account.passwordHash(), upgraded)) {
        LOG.info("re-hashed password of {} with the configured Argon2id parameters", account.id());
      }
    }
    return account;
  }

  /** The largest page {@link #list} returns. */
  public static final int MAX_PAGE = 1000;

  /** A page of accounts in id order after {@code afterId} (null: from the first), for administrators. */
  public java.util.List<Account> list(String afterId, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidRequestException("limit must be a whole number from 1 to " + MAX_PAGE + ".");
    }
    return store.list(afterId, limit);
  }

  /** The account with this email (normalised as at registration), if any. */
  public Optional<Account> findByEmail(String email) {
    return store.findByEmail(Emails.normalize(email));
  }

  public Account get(String userId) {
    return store.findById(userId).orElseThrow(() -> new NotFoundException("No such user."));
  }

  /**
   * Verifies the current password, stores the new one, bumps the token version and revokes every
   * session and refresh token of the user. The caller issues the fresh session for this device from
   * the account returned, which carries the version this change bumped to (not a later one: a
   * forced logout racing this change must end that session too).
   */
  public Account changePassword(String userId, String current, String next, Device device) {
    if (current == null) {
      throw new InvalidRequestException("current_password is required.");
    }
    PasswordPolicy.check(next);
    Account account = get(userId);
    LoginThrottle.Attempt attempt = reserve(account.email(), userId, device, "password change: ");
    if (!throttle.evaluate(attempt, () -> pool.run(() -> hasher.verify(current, account.passwordHash())))) {
      audit(AuditEvent.LOGIN_FAILED, userId, device, "wrong current password on password change");
      throw new AccessDeniedException("forbidden", "The current password is incorrect.");
    }
    String hash = pool.run(() -> hasher.hash(next));
    store.updatePasswordHash(userId, hash);
    long version = store.bumpTokenVersion(userId).orElseThrow(() -> new NotFoundException("No such user."));
    int revoked = revokeEverything(userId);
    audit(AuditEvent.PASSWORD_CHANGED, userId, device, "password changed; " + revoked + " credentials revoked");
    return get(userId).withTokenVersion(version);
  }

  public Account setRoles(String userId, Set<String> roles, String actor, Device device) {
    if (roles == null || roles.size() > MAX_ROLES) {
      throw new InvalidRequestException("roles must be a list of at most " + MAX_ROLES + " names.");
    }
    for (String role : roles) {
      if (role == null || !ROLE.matcher(role).matches()) {
        throw new InvalidRequestException(
            "each role must be 1-64 characters of a-z, 0-9, '_', ':', '.', '-', starting with a letter or digit.");
      }
    }
    Account before = get(userId);
    if (!store.setRoles(userId, roles)) {
      throw new NotFoundException("No such user.");
    }
    audit(AuditEvent.ROLES_CHANGED, userId, device, "roles " + before.roles() + " -> " + roles + " by " + actor);
    return get(userId);
  }

  /** Kills every session and refresh token of the user and bumps the token version. */
  public void forceLogout(String userId, String actor, Device device) {
    get(userId);
    store.bumpTokenVersion(userId);
    int revoked = revokeEverything(userId);
    audit(AuditEvent.FORCED_LOGOUT, userId, device, "forced logout by " + actor + "; " + revoked + " credentials revoked");
  }

  private int revokeEverything(String userId) {
    int n = 0;
    for (RevocationListener listener : listeners) {
      n += listener.revokeAllFor(userId);
    }
    return n;
  }

  /** Counts the attempt before any hash; a refusal is audited. */
  private LoginThrottle.Attempt reserve(String email, String userId, Device device, String context) {
    try {
      return throttle.reserve(email, device.ip());
    } catch (RateLimitedException e) {
      audit(AuditEvent.RATE_LIMITED, userId, device, context + e.logDetail());
      throw e;
    }
  }

  private void audit(String type, String userId, Device device, String detail) {
    audit.record(new AuditEvent(clock.instant(), type, userId, device.ip(), device.userAgent(), detail));
  }
}
