package dev.portcullis.token;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.client.Client;
import dev.portcullis.client.GrantType;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.OAuthException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorization codes: issued at the authorization endpoint to a signed-in user, exchanged once at
 * the token endpoint (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.6, S256 only) for the
 * same access token and rotating refresh family as every other login.
 *
 * <p>Single use is a compare-and-set in the store. A code presented again after its redemption is
 * a replay: someone else holds it, so the family its redemption started is revoked (RFC 6749
 * §4.1.2, RFC 9700 §4.5) and the attempt audited. The revocation cannot miss a family still being
 * created: the replay marks the code before revoking, and the redemption checks the mark after
 * creating the family, so whichever runs second sees the other.
 */
public final class AuthorizationCodes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodes.class);
  /** RFC 6749 §4.1.2: short-lived, at most ten minutes recommended; a redirect takes seconds. */
  public static final Duration CODE_TTL = Duration.ofSeconds(60);
  /** How long after issue a used code is remembered, to recognise its replay. */
  static final Duration RETAIN = Duration.ofMinutes(10);
  /** RFC 7636 §4.1: 43-128 unreserved characters. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  /** RFC 7636 §4.2: BASE64URL(SHA256(verifier)), 32 bytes, 43 characters without padding. */
  public static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int MAX_CODE_LENGTH = 128;

  private final AuthorizationCodeStore store;
  private final RefreshTokenService refreshTokens;
  private final AccountStore accounts;
  private final AuditLog audit;
  private final Clock clock;

  public AuthorizationCodes(AuthorizationCodeStore store, RefreshTokenService refreshTokens, AccountStore accounts,
      AuditLog audit, Clock clock) {
    this.store = store;
    this.refreshTokens = refreshTokens;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  /** A fresh code for {@code account}, who has just been authenticated; only its hash is stored. */
  public String issue(AuthorizationRequest request, Account account) {
    Instant now = clock.instant();
    String code = Tokens.secret256();
    store.create(new AuthorizationCode(Tokens.sha256(code), request.client().id(), account.id(), request.redirectUri(),
        request.codeChallenge(), request.scopes(), account.tokenVersion(), now, now.plus(CODE_TTL), now.plus(RETAIN),
        null, null, null));
    return code;
  }

  /** The authorization_code grant: the first pair of a new family, or an OAuth error. */
  public TokenResponse redeem(Client client, String code, String redirectUri, String codeVerifier, Device device) {
    client.require(GrantType.AUTHORIZATION_CODE);
    if (code == null || code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
      throw OAuthException.invalidRequest("code is required.");
    }
    if (redirectUri == null || redirectUri.isEmpty()) {
      throw OAuthException.invalidRequest("redirect_uri is required (RFC 6749 §4.1.3).");
    }
    if (codeVerifier == null || codeVerifier.isEmpty()) {
      throw OAuthException.invalidRequest("code_verifier is required (PKCE, RFC 7636).");
    }
    String hash = Tokens.sha256(code);
    AuthorizationCode c = store.findByHash(hash).orElseThrow(() -> invalid("unknown or expired authorization code"));
    if (c.used()) {
      throw replayed(hash, device);
    }
    if (!c.clientId().equals(client.id())) {
      throw invalid("authorization code of client " + c.clientId() + " presented by client " + client.id());
    }
    Instant now = clock.instant();
    if (!now.isBefore(c.expiresAt())) {
      throw invalid("authorization code expired " + Duration.between(c.expiresAt(), now).toSeconds() + " s ago");
    }
    if (!redirectUri.equals(c.redirectUri())) {
      throw invalid("redirect_uri differs from the authorization request's");
    }
    if (!VERIFIER.matcher(codeVerifier).matches() || !Tokens.constantTimeEquals(s256(codeVerifier), c.codeChallenge())) {
      throw invalid("code_verifier does not match the code_challenge");
    }
    Account account = accounts.findById(c.userId()).orElseThrow(() -> invalid("the code's account is gone"));
    if (account.tokenVersion() != c.tokenVersion()) {
      throw invalid("the account's credentials changed since the code was issued");
    }
    String familyId = Tokens.handle(RefreshFamily.ID_PREFIX);
    if (!store.consume(hash, familyId, now)) {
      throw replayed(hash, device); // lost the race to another redemption of the same code
    }
    TokenResponse pair = refreshTokens.start(account, client, c.scopes(), device, familyId);
    if (store.findByHash(hash).map(AuthorizationCode::replayedAt).isPresent()) {
      refreshTokens.revokeIssuedFamily(account.id(), familyId);
      throw invalid("authorization code replayed while it was being redeemed; family " + familyId + " revoked");
    }
    return pair;
  }

  /** BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
  public static String s256(String verifier) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Tokens.sha256Bytes(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private OAuthException replayed(String hash, Device device) {
    Optional<AuthorizationCode> c = store.markReplayed(hash, clock.instant());
    String detail = "authorization code replayed";
    if (c.isPresent() && c.get().familyId() != null) {
      boolean revoked = refreshTokens.revokeIssuedFamily(c.get().userId(), c.get().familyId());
      detail += ", family " + c.get().familyId() + (revoked ? " revoked" : " already gone");
    }
    LOG.warn(detail);
    audit.record(new AuditEvent(clock.instant(), AuditEvent.AUTHORIZATION_CODE_REUSE_DETECTED,
        c.map(AuthorizationCode::userId).orElse(null), device.ip(), device.userAgent(), detail));
    return invalid(detail);
  }

  private static OAuthException invalid(String logDetail) {
    return OAuthException.invalidGrant("The authorization code is invalid, expired or already used.", logDetail);
  }
}
