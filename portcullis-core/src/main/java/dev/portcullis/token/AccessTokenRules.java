package dev.portcullis.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.client.Scopes;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules an access token (RFC 9068) must pass that need no store: {@code typ}, issuer, required
 * claims, lifetime, time window and audience. {@link AccessTokenVerifier} applies them on the
 * server, {@code portcullis jwt verify} offline, so both refuse the same tokens for the same reasons.
 * Each failure is {@code invalid_token} whose detail explains it in words for an operator (the
 * client only ever sees the generic message).
 */
public final class AccessTokenRules {
  private AccessTokenRules() {}

  /**
   * The claims that cannot change over the token's life, checked once per token.
   *
   * @param issuer the only accepted {@code iss}; empty accepts any (only the offline CLI does that)
   */
  public static VerifiedAccessToken fixedClaims(SignedJWT jwt, Optional<String> issuer) {
    JOSEObjectType typ = jwt.getHeader().getType();
    String type = typ == null ? "" : typ.getType().toLowerCase(Locale.ROOT);
    if (!type.equals("at+jwt") && !type.equals("application/at+jwt")) {
      throw AuthenticationException.invalidToken("typ is " + (typ == null ? "missing" : "\""
          + JwsSignatureCheck.clip(typ.getType()) + "\"") + ", not at+jwt: not an access token (RFC 9068 section 2.1)");
    }
    try {
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (issuer.isPresent() && !issuer.get().equals(c.getIssuer())) {
        throw AuthenticationException.invalidToken("issuer is " + quoted(c.getIssuer()) + ", not " + quoted(issuer.get()));
      }
      Instant iat = required(c.getIssueTime(), "iat");
      Instant nbf = required(c.getNotBeforeTime(), "nbf");
      Instant exp = required(c.getExpirationTime(), "exp");
      Duration lifetime = Duration.between(iat, exp);
      if (lifetime.compareTo(TokenPolicy.MAX_ACCESS_TTL) > 0) {
        throw AuthenticationException.invalidToken("lifetime of " + human(lifetime) + " (iat to exp) exceeds the maximum of "
            + human(TokenPolicy.MAX_ACCESS_TTL));
      }
      String sub = requiredText(c.getSubject(), "sub");
      String clientId = requiredText(c.getStringClaim("client_id"), "client_id");
      Long tv = c.getLongClaim("tv");
      if (tv == null && !sub.equals(clientId)) {
        throw AuthenticationException.invalidToken("user token without tv (token version)");
      }
      if (c.getAudience() == null || c.getAudience().isEmpty()) {
        throw AuthenticationException.invalidToken("aud is missing");
      }
      // found by AccessTokenFuzzTest: "aud":[null] parses as a list holding null (was a 500)
      if (c.getAudience().stream().anyMatch(x -> x == null || x.isEmpty())) {
        throw AuthenticationException.invalidToken("aud holds an empty value");
      }
      return new VerifiedAccessToken(sub, clientId, c.getAudience(), Scopes.parse(c.getStringClaim("scope")),
          requiredText(c.getJWTID(), "jti"), iat, nbf, exp, c.getStringClaim("sid"), tv, c.getIssuer(),
          jwt.getHeader().getKeyID());
    } catch (ParseException | OAuthException e) {
      throw AuthenticationException.invalidToken("malformed claims: a claim has the wrong type");
    }
  }

  /** {@code exp}, {@code nbf} and {@code iat} against {@code now}, each with {@code leeway} (RFC 7519 section 4.1.4-6). */
  public static void checkTime(VerifiedAccessToken t, Instant now, Duration leeway) {
    String allowing = " (allowing " + human(leeway) + " of clock skew)";
    if (!now.isBefore(t.expiresAt().plus(leeway))) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " expired " + human(Duration.between(t.expiresAt(), now))
          + " ago, at " + t.expiresAt() + allowing);
    }
    if (now.plus(leeway).isBefore(t.notBefore())) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " is not valid yet: nbf is " + t.notBefore() + ", "
          + human(Duration.between(now, t.notBefore())) + " from now" + allowing
          + "; the issuer's clock is ahead of this one, or this one is behind");
    }
    if (now.plus(leeway).isBefore(t.issuedAt())) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " was issued in the future: iat is " + t.issuedAt() + ", "
          + human(Duration.between(now, t.issuedAt())) + " from now" + allowing
          + "; the issuer's clock is ahead of this one, or this one is behind");
    }
  }

  /** At least one {@code aud} value must be one the caller accepts (RFC 7519 section 4.1.3). */
  public static void checkAudience(VerifiedAccessToken t, Collection<String> accepted) {
    if (t.audience().stream().noneMatch(accepted::contains)) {
      throw AuthenticationException.invalidToken("token " + t.jti() + " is for audience " + t.audience()
          + ", not " + accepted);
    }
  }

  /** {@code 3 min}, {@code 45 s}, {@code 2 h 5 min}, {@code 3 d 4 h}: two units at most, rounded down. */
  public static String human(Duration d) {
    long s = Math.abs(d.getSeconds());
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    long seconds = s % 60;
    if (days > 0) {
      return days + " d" + (hours > 0 ? " " + hours + " h" : "");
    }
    if (hours > 0) {
      return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    if (minutes > 0) {
      return minutes + " min" + (seconds > 0 ? " " + seconds + " s" : "");
    }
    return seconds + " s";
  }

  private static String quoted(String s) {
    return s == null ? "missing" : "\"" + JwsSignatureCheck.clip(s) + "\"";
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
