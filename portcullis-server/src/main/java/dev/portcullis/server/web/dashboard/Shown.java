package dev.portcullis.server.web.dashboard;

import dev.portcullis.audit.AuditEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** How the dashboard's templates show values: instants in UTC to the minute, audit types in words. */
public final class Shown {
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final Map<String, String> EVENTS = Map.ofEntries(
      Map.entry(AuditEvent.LOGIN_SUCCEEDED, "Signed in"),
      Map.entry(AuditEvent.LOGIN_FAILED, "Failed sign-in"),
      Map.entry(AuditEvent.LOGOUT, "Signed out"),
      Map.entry(AuditEvent.SESSION_REVOKED, "Device signed out"),
      Map.entry(AuditEvent.PASSWORD_CHANGED, "Password changed"),
      Map.entry(AuditEvent.ROLES_CHANGED, "Roles changed"),
      Map.entry(AuditEvent.FORCED_LOGOUT, "Signed out everywhere by an administrator"),
      Map.entry(AuditEvent.CSRF_FAILED, "Refused form (CSRF)"),
      Map.entry(AuditEvent.RATE_LIMITED, "Too many attempts"),
      Map.entry(AuditEvent.REGISTERED, "Account created"),
      Map.entry(AuditEvent.REFRESH_TOKEN_REUSE_DETECTED, "Stolen app token detected"),
      Map.entry(AuditEvent.API_KEY_CREATED, "API key created"),
      Map.entry(AuditEvent.API_KEY_ROTATED, "API key rotated"),
      Map.entry(AuditEvent.API_KEY_REVOKED, "API key revoked"),
      Map.entry(AuditEvent.API_KEY_REFUSED, "API key refused"));

  private Shown() {}

  /** "2026-11-30 10:36 UTC"; "never" for null. */
  public static String time(Instant at) {
    return at == null ? "never" : MINUTE.format(at);
  }

  /** A person's words for an audit event type; the type itself for one without. */
  public static String event(String type) {
    return EVENTS.getOrDefault(type, type);
  }

  /** The event types an administrator can filter the audit log by, in a stable order. */
  public static java.util.List<String> eventTypes() {
    return EVENTS.keySet().stream().sorted().toList();
  }

  public static String orDash(String value) {
    return value == null || value.isEmpty() ? "—" : value;
  }
}
