package dev.portcullis.sdk;

import static dev.portcullis.sdk.TokenVerificationException.Reason.ALGORITHM_NOT_ALLOWED;
import static dev.portcullis.sdk.TokenVerificationException.Reason.BAD_SIGNATURE;
import static dev.portcullis.sdk.TokenVerificationException.Reason.EXPIRED;
import static dev.portcullis.sdk.TokenVerificationException.Reason.LIFETIME_TOO_LONG;
import static dev.portcullis.sdk.TokenVerificationException.Reason.MALFORMED;
import static dev.portcullis.sdk.TokenVerificationException.Reason.MISSING_CLAIM;
import static dev.portcullis.sdk.TokenVerificationException.Reason.NOT_YET_VALID;
import static dev.portcullis.sdk.TokenVerificationException.Reason.WRONG_AUDIENCE;
import static dev.portcullis.sdk.TokenVerificationException.Reason.WRONG_ISSUER;
import static dev.portcullis.sdk.TokenVerificationException.Reason.WRONG_TYPE;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies Portcullis access tokens locally, with the keys of the server's JWKS: no network call per
 * request. The checks are those of the server's own verifier: size, a compact JWS (never {@code
 * alg: none}), an allowed asymmetric algorithm that is also the key's, a {@code kid} naming a
 * published key (keys are never taken from the token: {@code jku}, {@code x5u}, {@code jwk} are
 * ignored), no {@code crit}, {@code typ: at+jwt}, the signature, {@code iss}, {@code aud},
 * {@code iat/nbf/exp} present and a lifetime of at most 15 minutes, {@code sub, client_id, jti}
 * present, {@code tv} on a user's token; then time, with a leeway, on every use.
 *
 * <p>Signature checks dominate the cost, so a token that passed is remembered (keyed by a SHA-256
 * of it, never past its {@code exp}, bounded in number) and its next use only re-checks time and
 * that its key is still published. Revocation is not visible here before the token expires (at
 * most 15 minutes): use {@link Introspector} where it must be.
 *
 * <p>Thread-safe; build one per issuer and audience and share it.
 */
public final class TokenVerifier implements TokenAuthenticator {
  /** The algorithms Portcullis signs with ({@code --signing-alg}): ES256, EdDSA, RS256. */
  public static final Set<JWSAlgorithm> PORTCULLIS_ALGORITHMS =
      Set.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256);
  /** The longest access-token lifetime Portcullis issues. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

  private record Verified(AccessToken token, String kid) {}

  private final String issuer;
  private final Set<String> audiences;
  private final Set<JWSAlgorithm> algorithms;
  private final Duration leeway;
  private final Clock clock;
  private final Settings settings;
  private final JwksCache jwks;
  private final ExpiringCache<Verified> verified;

  private TokenVerifier(Builder b) {
    this.issuer = b.issuer;
    this.audiences = Set.copyOf(b.audiences);
    this.algorithms = Set.copyOf(b.algorithms);
    this.leeway = b.leeway;
    this.settings = b.settings.copy();
    this.clock = settings.clock;
    URI uri = b.jwksUri != null ? b.jwksUri : URI.create(stripSlash(b.issuer) + "/.well-known/jwks.json");
    this.jwks = new JwksCache(uri, settings.http(), settings.httpTimeout, clock, algorithms,
        new JwksCache.Timing(b.jwksMinCache, b.jwksMaxCache, b.jwksDefaultCache, b.refetchInterval));
    this.verified = new ExpiringCache<>(settings.cacheSize);
  }

  /** {@code issuer}: exactly the server's {@code --issuer} (the {@code iss} of its tokens). */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  @Override
  public AccessToken verify(String token) throws TokenVerificationException {
    settings.checkShape(token);
    String key = ExpiringCache.keyOf(token);
    Verified v = verified.get(key, clock.instant());
    if (v == null) {
      v = verifyFixed(token);
      verified.put(key, v, v.token().expiresAt().plus(leeway), clock.instant());
    } else {
      try {
        jwks.key(v.kid()); // a key withdrawn from the JWKS (an emergency rotation) takes its tokens with it
      } catch (TokenVerificationException e) {
        verified.remove(key);
        throw e;
      }
    }
    checkTime(v.token(), clock.instant());
    return v.token();
  }

  /** Everything that cannot change with time: signature and claims. */
  private Verified verifyFixed(String token) throws TokenVerificationException {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token); // refuses JWE, alg none and anything not three base64url parts
    } catch (ParseException e) {
      throw new TokenVerificationException(MALFORMED, "not a well-formed JWS");
    }
    JWSHeader header = jwt.getHeader();
    if (!algorithms.contains(header.getAlgorithm())) {
      throw new TokenVerificationException(ALGORITHM_NOT_ALLOWED, "algorithm " + header.getAlgorithm() + " is not allowed");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw new TokenVerificationException(MALFORMED, "critical header parameters are not supported");
    }
    JOSEObjectType typ = header.getType();
    String type = typ == null ? "" : typ.getType().toLowerCase(Locale.ROOT);
    if (!type.equals("at+jwt") && !type.equals("application/at+jwt")) {
      throw new TokenVerificationException(WRONG_TYPE, "typ is not at+jwt (RFC 9068 section 4)");
    }
    String kid = header.getKeyID();
    if (kid == null || kid.isEmpty()) {
      throw new TokenVerificationException(MALFORMED, "kid is required");
    }
    JwksCache.Key key = jwks.key(kid);
    if (!key.algorithm().equals(header.getAlgorithm())) {
      throw new TokenVerificationException(ALGORITHM_NOT_ALLOWED,
          "algorithm " + header.getAlgorithm() + " does not match key " + JwksCache.clip(kid));
    }
    boolean valid;
    try {
      valid = jwt.verify(key.verifier());
    } catch (JOSEException | IllegalStateException e) {
      valid = false;
    }
    if (!valid) {
      throw new TokenVerificationException(BAD_SIGNATURE, "bad signature for key " + JwksCache.clip(kid));
    }
    return new Verified(checkClaims(jwt), kid);
  }

  private AccessToken checkClaims(SignedJWT jwt) throws TokenVerificationException {
    try {
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (!issuer.equals(c.getIssuer())) {
        throw new TokenVerificationException(WRONG_ISSUER, "iss is not " + issuer);
      }
      Instant iat = required(c.getIssueTime(), "iat");
      Instant nbf = required(c.getNotBeforeTime(), "nbf");
      Instant exp = required(c.getExpirationTime(), "exp");
      if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
        throw new TokenVerificationException(LIFETIME_TOO_LONG, "exp - iat exceeds " + MAX_LIFETIME);
      }
      String sub = requiredText(c.getSubject(), "sub");
      String clientId = requiredText(c.getStringClaim("client_id"), "client_id");
      if (c.getLongClaim("tv") == null && !sub.equals(clientId)) {
        throw new TokenVerificationException(MISSING_CLAIM, "a user's token without tv");
      }
      List<String> aud = c.getAudience();
      if (aud == null || aud.isEmpty()) {
        throw new TokenVerificationException(MISSING_CLAIM, "aud is missing");
      }
      if (aud.stream().noneMatch(audiences::contains)) {
        throw new TokenVerificationException(WRONG_AUDIENCE, "aud is none of " + audiences);
      }
      String jti = requiredText(c.getJWTID(), "jti");
      return new AccessToken(sub, clientId, aud, AccessToken.parseScopes(c.getStringClaim("scope")), jti,
          iat, nbf, exp, c.getIssuer(), c.getStringClaim("sid"), c.toJSONObject());
    } catch (ParseException e) {
      throw new TokenVerificationException(MALFORMED, "malformed claims");
    }
  }

  private void checkTime(AccessToken t, Instant now) throws TokenVerificationException {
    if (!now.isBefore(t.expiresAt().plus(leeway))) {
      throw new TokenVerificationException(EXPIRED, "expired at " + t.expiresAt());
    }
    Instant skewed = now.plus(leeway);
    if (skewed.isBefore(t.notBefore()) || skewed.isBefore(t.issuedAt())) {
      throw new TokenVerificationException(NOT_YET_VALID, "not valid before " + t.notBefore());
    }
  }

  private static Instant required(Date d, String name) throws TokenVerificationException {
    if (d == null) {
      throw new TokenVerificationException(MISSING_CLAIM, name + " is missing");
    }
    return d.toInstant();
  }

  private static String requiredText(String s, String name) throws TokenVerificationException {
    if (s == null || s.isEmpty()) {
      throw new TokenVerificationException(MISSING_CLAIM, name + " is missing");
    }
    return s;
  }

  static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Number of verified tokens held (for tests and metrics). */
  int cachedTokens() {
    return verified.size();
  }

  /**
   * The verifier's settings. Required: the issuer and at least one audience. Defaults: the JWKS at
   * {@code <issuer>/.well-known/jwks.json}; ES256, EdDSA and RS256; 30 s of leeway; tokens up to
   * 8192 characters; 10,000 verified tokens remembered; the JWKS kept for its {@code max-age}
   * within 30 s to 24 h (5 minutes without one; Portcullis sends 300 s); an unknown {@code kid}
   * refetches at most every 10 s; HTTP timeouts of 5 s; the system clock.
   */
  public static final class Builder extends CommonBuilder<Builder> {
    private final String issuer;
    private final Set<String> audiences = new LinkedHashSet<>();
    private Set<JWSAlgorithm> algorithms = PORTCULLIS_ALGORITHMS;
    private URI jwksUri;
    private Duration leeway = Duration.ofSeconds(30);
    private Duration jwksMinCache = Duration.ofSeconds(30);
    private Duration jwksMaxCache = Duration.ofHours(24);
    private Duration jwksDefaultCache = Duration.ofMinutes(5);
    private Duration refetchInterval = Duration.ofSeconds(10);

    private Builder(String issuer) {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("the issuer is required (Portcullis' --issuer)");
      }
      this.issuer = issuer;
    }

    /** An accepted {@code aud}: the audience your API's clients were registered with. Repeatable. */
    public Builder audience(String... accepted) {
      for (String a : accepted) {
        if (a == null || a.isBlank()) {
          throw new IllegalArgumentException("an audience must not be blank");
        }
        audiences.add(a);
      }
      return this;
    }

    /** The JWK Set URL, when it is not {@code <issuer>/.well-known/jwks.json} (e.g. an internal address). */
    public Builder jwksUri(URI uri) {
      this.jwksUri = Objects.requireNonNull(uri);
      return this;
    }

    /** Narrows the accepted algorithms (say, to your server's {@code --signing-alg}). Asymmetric only. */
    public Builder algorithms(JWSAlgorithm... allowed) {
      Set<JWSAlgorithm> set = new LinkedHashSet<>();
      for (JWSAlgorithm a : allowed) {
        boolean asymmetric = JWSAlgorithm.Family.RSA.contains(a) || JWSAlgorithm.Family.EC.contains(a)
            || JWSAlgorithm.EdDSA.equals(a) || JWSAlgorithm.Ed25519.equals(a);
        if (!asymmetric) {
          // an HMAC "verified" with a public key is the classic key-confusion forgery
          throw new IllegalArgumentException(a + " is not an asymmetric signature algorithm");
        }
        set.add(a);
      }
      if (set.isEmpty()) {
        throw new IllegalArgumentException("at least one algorithm is required");
      }
      this.algorithms = set;
      return this;
    }

    /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}: 0 to 5 minutes. */
    public Builder leeway(Duration d) {
      this.leeway = between("leeway", d, Duration.ZERO, Duration.ofMinutes(5));
      return this;
    }

    /** Bounds on the JWKS answer's {@code max-age}, and the lifetime when it has none. */
    public Builder jwksCaching(Duration min, Duration max, Duration whenAbsent) {
      between("the minimum JWKS cache time", min, Duration.ZERO, Duration.ofDays(7));
      between("the maximum JWKS cache time", max, min, Duration.ofDays(7));
      between("the default JWKS cache time", whenAbsent, min, max);
      this.jwksMinCache = min;
      this.jwksMaxCache = max;
      this.jwksDefaultCache = whenAbsent;
      return this;
    }

    /** The least time between two fetches caused by unknown keys or failures: 1 s to 10 min. */
    public Builder refetchInterval(Duration d) {
      this.refetchInterval = between("refetchInterval", d, Duration.ofSeconds(1), Duration.ofMinutes(10));
      return this;
    }

    public TokenVerifier build() {
      if (audiences.isEmpty()) {
        throw new IllegalArgumentException(
            "at least one audience is required: the audience your API's clients were registered with, or the issuer");
      }
      return new TokenVerifier(this);
    }

    private static Duration between(String name, Duration d, Duration min, Duration max) {
      return Settings.between(name, d, min, max);
    }
  }
}
