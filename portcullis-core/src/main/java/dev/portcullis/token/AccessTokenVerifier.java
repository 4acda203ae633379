package dev.portcullis.token;

import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.error.AuthenticationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one verifier of access tokens: every path that accepts a JWT comes through here. Signature
 * and the claims that cannot change are checked once per distinct token and cached (signature
 * checks dominate the cost); time, audience, deny list (by {@code jti} and by {@code sid}) and token
 * version are checked on every use, the deny list without any local cache, so a revocation on one
 * instance holds on every instance at the next request.
 * Every failure is {@code invalid_token}; the reason goes to the log detail only.
 */
public final class AccessTokenVerifier {
  private final SigningKeys keys;
  private final TokenPolicy policy;
  private final DenyList denyList;
  private final TokenVersionCache versions;
  private final Clock clock;
  private final Map<String, VerifiedAccessToken> verified = new ConcurrentHashMap<>();

  public AccessTokenVerifier(
      SigningKeys keys, TokenPolicy policy, DenyList denyList, TokenVersionCache versions, Clock clock) {
    this.keys = keys;
    this.policy = policy;
    this.denyList = denyList;
    this.versions = versions;
    this.clock = clock;
  }

  /**
   * A verified token, with the value of its account's change counter when it was read along with
   * the deny list (see {@link DenyList#check}): pass it to {@link
   * dev.portcullis.account.AccountStore#findById(String, OptionalLong)} within the same request.
   */
  public record Verified(VerifiedAccessToken token, OptionalLong accountCounter) {}

  /** Verifies for the audiences this server accepts by default ({@link TokenPolicy#audiences()}). */
  public VerifiedAccessToken verify(String token) {
    return verify(token, policy.audiences());
  }

  /** Verifies a token meant for one of {@code audiences}, or throws {@code invalid_token}. */
  public VerifiedAccessToken verify(String token, Collection<String> audiences) {
    return verifyForRequest(token, audiences).token();
  }

  /** {@link #verify(String)}, with the account counter read on the way, for this request only. */
  public Verified verifyForRequest(String token) {
    return verifyForRequest(token, policy.audiences());
  }

  private Verified verifyForRequest(String token, Collection<String> audiences) {
    VerifiedAccessToken t = verifyImmutable(token);
    AccessTokenRules.checkTime(t, clock.instant(), policy.leeway());
    AccessTokenRules.checkAudience(t, audiences);
    if (keys.verificationKey(t.kid()).isEmpty()) {
      throw AuthenticationException.invalidToken("key " + t.kid() + " is no longer published");
    }
    // the token itself (RFC 7009 on an access token) or its whole login (family revoked), one read
    DenyList.Check deny = denyList.check(t.jti(), t.familyId(), t.isUserToken() ? t.subject() : null);
    if (deny.denied()) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " or its family " + t.familyId() + " was revoked");
    }
    if (t.isUserToken()) {
      OptionalLong current = versions.current(t.subject(), deny.accountCounter());
      if (current.isEmpty() || current.getAsLong() != t.tokenVersion()) {
        throw AuthenticationException.invalidToken(
            "token " + t.jti() + " carries a stale token version for " + t.subject());
      }
    }
    return new Verified(t, deny.accountCounter());
  }

  /**
   * Signature and fixed claims only, ignoring time, deny list and token version: for revocation,
   * where a token that is already expired or revoked is simply nothing to do.
   */
  Optional<VerifiedAccessToken> verifySignatureOnly(String token) {
    try {
      return Optional.of(verifyImmutable(token));
    } catch (AuthenticationException e) {
      return Optional.empty();
    }
  }

  private VerifiedAccessToken verifyImmutable(String token) {
    if (token != null && token.length() > policy.maxTokenBytes()) {
      throw AuthenticationException.invalidToken("token of " + token.length() + " characters is too long");
    }
    VerifiedAccessToken cached = token == null ? null : verified.get(token);
    if (cached != null) {
      return cached;
    }
    SignedJWT jwt = JwsSignatureCheck.verify(
        token, policy.maxTokenBytes(), h -> keys.verificationKey(h.getKeyID()));
    VerifiedAccessToken t = checkFixedClaims(jwt);
    remember(token, t);
    return t;
  }

  private VerifiedAccessToken checkFixedClaims(SignedJWT jwt) {
    return AccessTokenRules.fixedClaims(jwt, Optional.of(policy.issuer()));
  }

  /** Bounded: past the limit, expired entries go first, then an arbitrary tenth. */
  private void remember(String token, VerifiedAccessToken t) {
    int max = policy.verifiedCacheSize();
    if (max == 0) {
      return;
    }
    if (verified.size() >= max) {
      Instant cutoff = clock.instant().minus(policy.leeway());
      verified.values().removeIf(v -> v.expiresAt().isBefore(cutoff));
      Iterator<String> it = verified.keySet().iterator();
      while (verified.size() >= max - max / 10 && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    verified.put(token, t);
  }
}
