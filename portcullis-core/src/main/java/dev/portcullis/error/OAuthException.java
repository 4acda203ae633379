package dev.portcullis.error;

/**
 * A failure at the OAuth token endpoints, named by its RFC 6749 section 5.2 error code. How it is
 * answered (the section 5.2 body, 401 for {@code invalid_client} and 400 for the rest) is the
 * server's business.
 */
public class OAuthException extends AuthException {
  public static final String INVALID_REQUEST = "invalid_request";
  public static final String INVALID_CLIENT = "invalid_client";
  public static final String INVALID_GRANT = "invalid_grant";
  public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
  public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
  public static final String INVALID_SCOPE = "invalid_scope";

  public OAuthException(String error, String description, String logDetail) {
    super(error, description, logDetail, null);
  }

  public static OAuthException invalidRequest(String description) {
    return new OAuthException(INVALID_REQUEST, description, null);
  }

  public static OAuthException invalidClient(String logDetail) {
    return new OAuthException(INVALID_CLIENT, "Client authentication failed.", logDetail);
  }

  public static OAuthException invalidGrant(String description, String logDetail) {
    return new OAuthException(INVALID_GRANT, description, logDetail);
  }

  public static OAuthException unauthorizedClient(String logDetail) {
    return new OAuthException(
        UNAUTHORIZED_CLIENT, "This client is not allowed to use this grant or endpoint.", logDetail);
  }

  public static OAuthException unsupportedGrantType(String logDetail) {
    return new OAuthException(UNSUPPORTED_GRANT_TYPE, "The grant type is not supported.", logDetail);
  }

  public static OAuthException invalidScope(String logDetail) {
    return new OAuthException(
        INVALID_SCOPE, "The requested scope is invalid or exceeds what was granted.", logDetail);
  }
}
