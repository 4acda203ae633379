package dev.portcullis.token;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.RevocationListener;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.session.ContextWatch;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.client.GrantType;
import dev.portcullis.client.Scopes;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import dev.portcullis.token.AccessTokenIssuer.AccessToken;
import dev.portcullis.token.RefreshFamilyStore.Match;
import dev.portcullis.token.RefreshFamilyStore.Rotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh-token families: one per login, rotated on every use by compare-and-set. A token that
 * was already rotated out is theft or a bug either way, so it revokes the whole family, except
 * inside the grace window, where the holder of the just-rotated token gets the same successor
 * pair again (a retry after a lost response must not log the device out).
 *
 * <p>Revoking a family (RFC 7009, the device list, reuse detection) also deny-lists its {@code sid}
 * for as long as any access token it was issued can still pass verification, so those die with it.
 */
public final class RefreshTokenService implements RevocationListener {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenService.class);
  private static final int MAX_TOKEN_LENGTH = 128;

  private final RefreshFamilyStore store;
  private final AccountStore accounts;
  private final AccessTokenIssuer issuer;
  private final DenyList denyList;
  private final AuditLog audit;
  private final TokenPolicy policy;
  private final Clock clock;
  private final LongAdder reuseDetected = new LongAdder();
  private volatile ContextWatch contextWatch;

  public RefreshTokenService(RefreshFamilyStore store, AccountStore accounts, AccessTokenIssuer issuer,
      DenyList denyList, AuditLog audit, TokenPolicy policy, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.issuer = issuer;
    this.denyList = denyList;
    this.audit = audit;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Starts a family for a fresh login and returns its first pair; scopes are already granted. The
   * family is stamped with {@code account}'s token version: pass the account as the password check
   * saw it, so that a password change or forced logout racing this login leaves it stale.
   */
  public TokenResponse start(Account account, Client client, Set<String> scopes, Device device) {
    return start(account, client, scopes, device, Tokens.handle(RefreshFamily.ID_PREFIX));
  }

  /**
   * As {@link #start(Account, Client, Set, Device)} with the family id chosen by the caller (an
   * authorization code records it before the family exists, so that a replay can revoke it). A
   * browser-based app's family ends {@link TokenPolicy#BROWSER_REFRESH_ABSOLUTE} after login at the
   * latest: its tokens live in a page's storage, within reach of any script that runs there.
   */
  public TokenResponse start(Account account, Client client, Set<String> scopes, Device device, String familyId) {
    client.require(GrantType.REFRESH_TOKEN);
    Instant now = clock.instant();
    String token = Tokens.secret256();
    Duration lifetime = client.type() == ClientType.BROWSER
        && policy.refreshAbsolute().compareTo(TokenPolicy.BROWSER_REFRESH_ABSOLUTE) > 0
        ? TokenPolicy.BROWSER_REFRESH_ABSOLUTE : policy.refreshAbsolute();
    Instant absolute = now.plus(lifetime);
    RefreshFamily family = new RefreshFamily(familyId, account.id(), client.id(), scopes,
        account.tokenVersion(), Tokens.sha256(token), null, null, null, now, now,
        min(now.plus(policy.refreshIdle()), absolute), absolute, device.userAgent(), device.ip());
    store.create(family);
    return pair(issuer.issueForFamily(family, client, scopes), token);
  }

  /**
   * Checks every refresh against the device the family was started from: a rotation from another
   * browser family or network is recorded, or refused and the family revoked, as {@code watch} says.
   */
  public void watchContext(ContextWatch watch) {
    this.contextWatch = watch;
  }

  /** The refresh_token grant: a new pair for a current token, or {@code invalid_grant}. */
  public TokenResponse refresh(Client client, String token, String requestedScope, Device device) {
    client.require(GrantType.REFRESH_TOKEN);
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw invalid("missing or malformed refresh token");
    }
    String hash = Tokens.sha256(token);
    // a lost compare-and-set leaves the token rotated out, so the second pass judges it as such
    for (int attempt = 0; attempt < 3; attempt++) {
      Match m = store.findByHash(hash).orElseThrow(() -> invalid("unknown, expired or revoked refresh token"));
      RefreshFamily f = m.family();
      if (!f.clientId().equals(client.id())) {
        throw invalid("refresh token of family " + f.id() + " presented by client " + client.id());
      }
      if (!m.current()) {
        return replayOrRevoke(token, hash, m, device);
      }
      ContextWatch watch = contextWatch;
      if (watch != null && !watch.admit("refresh family", f.id(), f.userId(), f.userAgent(), f.ip(), device,
          () -> revokeFamily(f.userId(), f.id()))) {
        throw invalid("family " + f.id() + " refreshed from another browser family or network; revoked");
      }
      Set<String> scopes = Scopes.narrow(requestedScope, f.scopes());
      Optional<Account> account = accounts.findById(f.userId());
      if (account.isEmpty()) {
        store.delete(f.userId(), f.id());
        throw invalid("family " + f.id() + " belongs to a deleted account");
      }
      if (account.get().tokenVersion() != f.tokenVersion()) {
        throw staleFamily(f, account.get(), device);
      }
      Instant now = clock.instant();
      String next = Tokens.secret256();
      AccessToken at = issuer.issueForFamily(f, client, scopes);
      TokenResponse pair = pair(at, next);
      String sealed = policy.refreshGrace().isZero() ? null : GraceSuccessor.seal(token, f.id(), pair, at.expiresAt());
      Instant expires = min(now.plus(policy.refreshIdle()), f.absoluteExpiresAt());
      if (store.rotate(f.id(), hash, new Rotation(Tokens.sha256(next), scopes, now, expires, sealed))) {
        return pair;
      }
    }
    throw invalid("refresh token kept losing concurrent rotations");
  }

  /**
   * A family started by a login that checked the password before a password change or forced
   * logout and finished after its bulk revocation: it belongs to the old credentials.
   */
  private OAuthException staleFamily(RefreshFamily f, Account account, Device device) {
    store.delete(f.userId(), f.id());
    String detail = "refresh family " + f.id() + " carries token version " + f.tokenVersion()
        + ", the account is at " + account.tokenVersion() + "; revoked";
    LOG.info(detail);
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SESSION_REVOKED, f.userId(), device.ip(),
        device.userAgent(), detail));
    return invalid(detail);
  }

  private TokenResponse replayOrRevoke(String token, String hash, Match m, Device device) {
    RefreshFamily f = m.family();
    Instant now = clock.instant();
    boolean inGrace = !policy.refreshGrace().isZero() && hash.equals(f.previousHash())
        && f.graceCiphertext() != null && now.isBefore(f.rotatedAt().plus(policy.refreshGrace()));
    if (inGrace) {
      Optional<TokenResponse> same = GraceSuccessor.open(token, f.id(), f.graceCiphertext(), now);
      if (same.isEmpty()) {
        LOG.warn("grace successor of family {} does not open; treating as reuse", f.id());
      } else {
        LOG.info("refresh token of family {} repeated within the grace window; same pair returned", f.id());
        return same.get();
      }
    }
    revokeFamily(f.userId(), f.id());
    reuseDetected.increment();
    String ago = m.usedAt() == null ? "" : " " + Duration.between(m.usedAt(), now).toSeconds() + " s";
    String detail = "refresh token reused" + ago + " after rotation, family " + f.id() + " revoked";
    LOG.warn(detail);
    audit.record(new AuditEvent(now, AuditEvent.REFRESH_TOKEN_REUSE_DETECTED, f.userId(), device.ip(),
        device.userAgent(), detail));
    throw OAuthException.invalidGrant(
        "The refresh token was already used; this login has been revoked.", detail);
  }

  /**
   * The user's logins with refresh tokens, newest first, for a "my devices" view; a family stamped
   * with an older token version is dead (its next refresh revokes it), so it is not listed.
   */
  public List<RefreshFamily> list(String userId) {
    long version = accounts.findById(userId).map(Account::tokenVersion).orElse(-1L);
    return store.listByUser(userId).stream().filter(f -> f.tokenVersion() == version).toList();
  }

  /** Ends one of the user's families; 404 if it is not theirs (no probing of others' ids). */
  public void revoke(String userId, String familyId, Device device) {
    if (!revokeFamily(userId, familyId)) {
      throw new NotFoundException("No such session.");
    }
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SESSION_REVOKED, userId, device.ip(),
        device.userAgent(), "refresh family " + familyId + " revoked"));
  }

  /** Ends every family of the user but {@code keepFamilyId} (which may be null or a session's id). */
  public int revokeOthers(String userId, String keepFamilyId, Device device) {
    int n = 0;
    for (RefreshFamily f : list(userId)) {
      if (!f.id().equals(keepFamilyId)) {
        revoke(userId, f.id(), device);
        n++;
      }
    }
    return n;
  }

  /**
   * RFC 7009 for a refresh token: its whole family dies, whether the token is current or rotated
   * out. False if the token is unknown; {@code unauthorized_client} if another client owns it.
   */
  public boolean revokeByToken(Client client, String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    Optional<Match> m = store.findByHash(Tokens.sha256(token));
    if (m.isEmpty()) {
      return false;
    }
    RefreshFamily f = m.get().family();
    if (!f.clientId().equals(client.id())) {
      throw OAuthException.unauthorizedClient("client " + client.id() + " tried to revoke family " + f.id());
    }
    return revokeFamily(f.userId(), f.id());
  }

  /**
   * Deletes the family, then denies its {@code sid} until the longest access-token lifetime (plus
   * the verifier's leeway) has passed, so every access token it was issued is refused at once on
   * every instance. Delete first: a refresh that rotated just before the delete minted its token
   * before this deny, and none can rotate after it. Nothing is denied unless this call deleted the
   * family: nobody can deny another user's family, and of two racing revocations the winner denies.
   */
  private boolean revokeFamily(String userId, String familyId) {
    boolean deleted = store.delete(userId, familyId);
    if (deleted) {
      denyList.denyFamily(familyId, clock.instant().plus(TokenPolicy.MAX_ACCESS_TTL).plus(policy.leeway()));
    }
    return deleted;
  }

  /**
   * Revokes family {@code familyId} of {@code userId} as reuse detection does (the family and its
   * access tokens die at once), for a replayed authorization code; false if it was not there.
   */
  public boolean revokeIssuedFamily(String userId, String familyId) {
    return revokeFamily(userId, familyId);
  }

  @Override
  public int revokeAllFor(String userId) {
    return store.deleteByUser(userId);
  }

  /** How many reuses were detected since start: for the server's metrics. */
  public long reuseDetectedCount() {
    return reuseDetected.sum();
  }

  private TokenResponse pair(AccessToken at, String refreshToken) {
    long expiresIn = Math.max(0, Duration.between(clock.instant(), at.expiresAt()).toSeconds());
    return TokenResponse.bearer(at.token(), expiresIn, refreshToken, Scopes.format(at.scopes()));
  }

  private static OAuthException invalid(String logDetail) {
    return OAuthException.invalidGrant("The refresh token is invalid, expired or revoked.", logDetail);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
