package dev.portcullis.error;

/** Missing, expired, invalid, revoked or reused credential: HTTP 401. */
public class AuthenticationException extends AuthException {
  public AuthenticationException(String code, String message) {
    super(code, message, null, null);
  }

  public AuthenticationException(String code, String message, String logDetail) {
    super(code, message, logDetail, null);
  }

  public static AuthenticationException unauthenticated() {
    return new AuthenticationException("unauthenticated", "Authentication is required.");
  }

  public static AuthenticationException invalidCredentials() {
    return new AuthenticationException("invalid_credentials", "The email or password is incorrect.");
  }

  public static AuthenticationException sessionExpired(String logDetail) {
    return new AuthenticationException(
        "session_expired", "The session has expired or was ended; please log in again.", logDetail);
  }

  public static AuthenticationException invalidToken(String logDetail) {
    return new AuthenticationException("invalid_token", "The access token is invalid.", logDetail);
  }
}
