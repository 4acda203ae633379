package dev.portcullis.sdk;

/**
 * A bearer token was refused, or could not be judged. {@link #reason()} says why, for logs, metrics
 * and the answer; {@link #getMessage()} is a detail for logs only (it never holds the token).
 */
public final class TokenVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Why a token was refused. Every reason but {@link #UNAVAILABLE} is the RFC 6750 section 3.1 error
   * {@code invalid_token} (HTTP 401); {@code UNAVAILABLE} is a fault on our side or the
   * authorization server's (HTTP 503): a transient outage must never look like a bad token, or it
   * would log every caller out.
   */
  public enum Reason {
    /** Not a compact JWS, {@code alg: none}, no {@code kid}, a {@code crit} header, an empty token. */
    MALFORMED("The access token is malformed."),
    /** Longer than the verifier accepts (8 KiB by default, as the server). */
    TOO_LARGE("The access token is too large."),
    /** An algorithm outside the allow-list (HS256 and other HMACs always are), or not the key's. */
    ALGORITHM_NOT_ALLOWED("The access token's algorithm is not accepted."),
    /** No published key has the token's {@code kid}, even after a refetch of the JWKS. */
    UNKNOWN_KID("The access token was signed by an unknown key."),
    BAD_SIGNATURE("The access token's signature is invalid."),
    /** {@code typ} is not {@code at+jwt} (RFC 9068 section 4): an ID token or another JWT. */
    WRONG_TYPE("The token is not an access token."),
    WRONG_ISSUER("The access token was issued by another server."),
    WRONG_AUDIENCE("The access token is meant for another audience."),
    EXPIRED("The access token expired."),
    NOT_YET_VALID("The access token is not valid yet."),
    /** A required claim is absent: {@code iat, nbf, exp, sub, client_id, aud, jti}, or {@code tv} of a user's token. */
    MISSING_CLAIM("The access token lacks a required claim."),
    /** {@code exp - iat} exceeds the longest lifetime Portcullis issues (15 minutes). */
    LIFETIME_TOO_LONG("The access token's lifetime is too long."),
    /** Introspection (RFC 7662) answered {@code active: false}: revoked, expired, or not for us. */
    INACTIVE("The access token is not active."),
    /** The JWKS or the introspection endpoint could not be reached or answered an error. */
    UNAVAILABLE("The token could not be checked; try again shortly.");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** The snake-case name: {@code expired}, {@code bad_signature}, {@code unknown_kid}… */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A fixed client-facing sentence (RFC 6750 {@code error_description}), free of token content. */
    public String description() {
      return description;
    }

    /** 401, or 503 for {@link #UNAVAILABLE}. */
    public int httpStatus() {
      return this == UNAVAILABLE ? 503 : 401;
    }

    /** The RFC 6750 section 3.1 error code, or null for {@link #UNAVAILABLE} (no bearer error applies). */
    public String bearerError() {
      return this == UNAVAILABLE ? null : "invalid_token";
    }
  }

  private final Reason reason;

  public TokenVerificationException(Reason reason, String detail) {
    super(reason.code() + ": " + detail, null, false, false);
    this.reason = reason;
  }

  TokenVerificationException(Reason reason, String detail, Throwable cause) {
    super(reason.code() + ": " + detail, cause, false, true);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
