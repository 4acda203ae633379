package dev.portcullis.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.Scopes;
import dev.portcullis.crypto.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;

/** Mints RFC 9068 access tokens ({@code typ: at+jwt}) with the active signing key. */
public final class AccessTokenIssuer {
  public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  private final SigningKeys keys;
  private final TokenPolicy policy;
  private final Clock clock;

  /** A signed token and what it says; the token itself is a bearer secret, kept out of toString. */
  public record AccessToken(String token, String jti, Instant issuedAt, Instant expiresAt, Set<String> scopes) {
    public AccessToken {
      scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "AccessToken[jti=" + jti + ", exp=" + expiresAt + "]";
    }
  }

  public AccessTokenIssuer(SigningKeys keys, TokenPolicy policy, Clock clock) {
    this.keys = keys;
    this.policy = policy;
    this.clock = clock;
  }

  /** A user's token: {@code sid} names the refresh family, {@code tv} the account's token version. */
  public AccessToken issueForUser(Account account, Client client, Set<String> scopes, String familyId) {
    return issue(account.id(), client, scopes, familyId, account.tokenVersion());
  }

  /**
   * A token of a refresh family: {@code tv} is the version the family was stamped with at login,
   * not the account's current one, so a refresh racing a password change or forced logout can only
   * ever mint a token that the bump has already made stale.
   */
  public AccessToken issueForFamily(RefreshFamily family, Client client, Set<String> scopes) {
    return issue(family.userId(), client, scopes, family.id(), family.tokenVersion());
  }

  /** A client-credentials token: the client is its own subject, with no family and no token version. */
  public AccessToken issueForClient(Client client, Set<String> scopes) {
    return issue(client.id(), client, scopes, null, null);
  }

  private AccessToken issue(String subject, Client client, Set<String> scopes, String sid, Long tv) {
    // JWT times are whole seconds; truncating keeps iat/exp exactly what the answer reports
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(policy.accessTtl());
    String jti = Tokens.random(16);
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(policy.issuer())
        .subject(subject)
        .audience(client.audienceIfSet().orElse(policy.defaultAudience()))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(jti)
        .claim("client_id", client.id());
    if (!scopes.isEmpty()) {
      claims.claim("scope", Scopes.format(scopes));
    }
    if (sid != null) {
      claims.claim("sid", sid);
    }
    if (tv != null) {
      claims.claim("tv", tv);
    }
    SigningKeys.Signing key = keys.active();
    JWSHeader header = new JWSHeader.Builder(key.algorithm().jws()).keyID(key.kid()).type(AT_JWT).build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
    }
    return new AccessToken(jwt.serialize(), jti, now, exp, scopes);
  }
}
