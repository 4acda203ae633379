package dev.portcullis.apikey;

import dev.portcullis.error.AuthenticationException;

/**
 * A presented API key that does not work: HTTP 401 with {@code error="invalid_token"} (RFC 6750
 * section 3.1), whatever the reason, so a client learns nothing from the answer. The reason and the
 * key id (never the secret) are for the log and the audit trail.
 */
public final class InvalidApiKeyException extends AuthenticationException {
  /** Why a key was refused; every reason but {@link #MALFORMED} is final for that key string. */
  public enum Reason {
    /** Not shaped like a Portcullis API key at all. */
    MALFORMED,
    /** Shaped like one, but the checksum does not match: a typo or a made-up key. */
    WRONG_CHECKSUM,
    /** No key with this id (never issued, or purged). */
    UNKNOWN,
    /** The id exists but the secret is not its secret. */
    WRONG_SECRET,
    REVOKED,
    /** Rotated, and its grace has ended. */
    RETIRED,
    EXPIRED
  }

  private final Reason reason;
  private final String keyId;

  public InvalidApiKeyException(Reason reason, String keyId, String logDetail) {
    super("invalid_token", "The API key is invalid, expired or revoked.", logDetail);
    this.reason = reason;
    this.keyId = keyId;
  }

  public Reason reason() {
    return reason;
  }

  /** The public id the key names, or null when it names none. */
  public String keyId() {
    return keyId;
  }
}
