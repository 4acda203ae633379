package dev.portcullis.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.client.Scopes;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
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

  /** Verifies for the audiences this server accepts by default ({@link TokenPolicy#audiences()}). */
  public VerifiedAccessToken verify(String token) {
    return verify(token, policy.audiences());
  }

  /** Verifies a token meant for one of {@code audiences}, or throws {@code invalid_token}. */
  public VerifiedAccessToken verify(String token, Collection<String> audiences) {
    VerifiedAccessToken t = verifyImmutable(token);
    Instant now = clock.instant();
    Duration leeway = policy.leeway();
    if (!now.isBefore(t.expiresAt().plus(leeway))) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " expired at " + t.expiresAt());
    }
    if (now.plus(leeway).isBefore(t.notBefore()) || now.plus(leeway).isBefore(t.issuedAt())) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " is not valid yet");
    }
    if (t.audience().stream().noneMatch(audiences::contains)) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " is for audience " + t.audience());
    }
    if (keys.verificationKey(t.kid()).isEmpty()) {
      throw AuthenticationException.invalidToken("key " + t.kid() + " is no longer published");
    }
    // the token itself (RFC 7009 on an access token) or its whole login (family revoked), one read
    if (denyList.isDenied(t.jti(), t.familyId())) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " or its family " + t.familyId() + " was revoked");
    }
    if (t.isUserToken()) {
      OptionalLong current = versions.current(t.subject());
      if (current.isEmpty() || current.getAsLong() != t.tokenVersion()) {
        throw AuthenticationException.invalidToken(
            "token " + t.jti() + " carries a stale token version for " + t.subject());
      }
    }
    return t;
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
    JOSEObjectType typ = jwt.getHeader().getType();
    String type = typ == null ? "" : typ.getType().toLowerCase(java.util.Locale.ROOT);
    if (!type.equals("at+jwt") && !type.equals("application/at+jwt")) {
      throw AuthenticationException.invalidToken("typ is not at+jwt");
    }
    try {
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (!policy.issuer().equals(c.getIssuer())) {
        throw AuthenticationException.invalidToken("issuer is not this server");
      }
      Instant iat = required(c.getIssueTime(), "iat");
      Instant nbf = required(c.getNotBeforeTime(), "nbf");
      Instant exp = required(c.getExpirationTime(), "exp");
      if (Duration.between(iat, exp).compareTo(TokenPolicy.MAX_ACCESS_TTL) > 0) {
        throw AuthenticationException.invalidToken("lifetime exceeds the maximum");
      }
      String sub = requiredText(c.getSubject(), "sub");
      String clientId = requiredText(c.getStringClaim("client_id"), "client_id");
      Long tv = c.getLongClaim("tv");
      if (tv == null && !sub.equals(clientId)) {
        throw AuthenticationException.invalidToken("user token without tv");
      }
      if (c.getAudience() == null || c.getAudience().isEmpty()) {
        throw AuthenticationException.invalidToken("aud is missing");
      }
      // found by AccessTokenFuzzTest: "aud":[null] parses as a list holding null
      if (c.getAudience().stream().anyMatch(a -> a == null || a.isEmpty())) {
        throw AuthenticationException.invalidToken("aud holds an empty value");
      }
      return new VerifiedAccessToken(sub, clientId, c.getAudience(), Scopes.parse(c.getStringClaim("scope")),
          requiredText(c.getJWTID(), "jti"), iat, nbf, exp, c.getStringClaim("sid"), tv, c.getIssuer(),
          jwt.getHeader().getKeyID());
    } catch (ParseException | OAuthException e) {
      throw AuthenticationException.invalidToken("malformed claims");
    }
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

  private static Instant required(Date d, String name) {
    if (d == null) {
      throw AuthenticationException.invalidToken(name + " is missing");
    }
    return d.toInstant();
  }

  private static String requiredText(String s, String name) {
    if (s == null || s.isEmpty()) {
      throw AuthenticationException.invalidToken(name + " is missing");
    }
    return s;
  }
}
