package dev.portcullis.audit;

import java.time.Instant;

/**
 * One line of the audit trail. {@code detail} is a human sentence with no secret in it; {@code
 * userId}, {@code ip} and {@code userAgent} may be null.
 */
public record AuditEvent(
    Instant at, String type, String userId, String ip, String userAgent, String detail) {

  public static final String LOGIN_SUCCEEDED = "login_succeeded";
  public static final String LOGIN_FAILED = "login_failed";
  public static final String LOGOUT = "logout";
  public static final String SESSION_REVOKED = "session_revoked";
  public static final String PASSWORD_CHANGED = "password_changed";
  public static final String ROLES_CHANGED = "roles_changed";
  public static final String FORCED_LOGOUT = "forced_logout";
  public static final String CSRF_FAILED = "csrf_failed";
  public static final String RATE_LIMITED = "rate_limited";
  public static final String REGISTERED = "registered";
  public static final String REFRESH_TOKEN_REUSE_DETECTED = "refresh_token_reuse_detected";
  public static final String AUTHORIZATION_CODE_REUSE_DETECTED = "authorization_code_reuse_detected";
  public static final String API_KEY_CREATED = "api_key_created";
  public static final String API_KEY_ROTATED = "api_key_rotated";
  public static final String API_KEY_REVOKED = "api_key_revoked";
  /** A revoked, expired, retired or wrong-secret key, or one with a wrong checksum, was presented. */
  public static final String API_KEY_REFUSED = "api_key_refused";
  /** A session was used from another browser family or network than it was created on (see ContextWatch). */
  public static final String SESSION_CONTEXT_CHANGED = "session_context_changed";

  public AuditEvent {
    userAgent = clip(userAgent, 512);
    detail = clip(detail, 2000);
    ip = clip(ip, 64);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
