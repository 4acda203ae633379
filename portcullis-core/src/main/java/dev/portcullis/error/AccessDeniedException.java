package dev.portcullis.error;

/** Authenticated but not allowed (role, scope, CSRF, client type): HTTP 403. */
public class AccessDeniedException extends AuthException {
  public AccessDeniedException(String code, String message) {
    super(code, message, null, null);
  }

  public AccessDeniedException(String code, String message, String logDetail) {
    super(code, message, logDetail, null);
  }

  public static AccessDeniedException forbidden() {
    return new AccessDeniedException("forbidden", "You are not allowed to do this.");
  }

  public static AccessDeniedException csrf(String logDetail) {
    return new AccessDeniedException(
        "csrf_failed", "The request failed the cross-site request forgery check.", logDetail);
  }
}
