package dev.portcullis.error;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Authenticated but not allowed (role, scope, CSRF, client type): HTTP 403. */
public class AccessDeniedException extends AuthException {
  public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

  /** What the request needed, space-separated and sorted, for {@code insufficient_scope}; else "". */
  private final String requiredScope;

  public AccessDeniedException(String code, String message) {
    this(code, message, null);
  }

  public AccessDeniedException(String code, String message, String logDetail) {
    this(code, message, logDetail, Set.of());
  }

  private AccessDeniedException(String code, String message, String logDetail, Collection<String> requiredScope) {
    super(code, message, logDetail, null);
    this.requiredScope = String.join(" ", new TreeSet<>(requiredScope));
  }

  public static AccessDeniedException forbidden() {
    return new AccessDeniedException("forbidden", "You are not allowed to do this.");
  }

  public static AccessDeniedException csrf(String logDetail) {
    return new AccessDeniedException(
        "csrf_failed", "The request failed the cross-site request forgery check.", logDetail);
  }

  /**
   * A valid credential without the scope the request needs (RFC 6750 section 3.1); the server names
   * {@code required} in its challenge so that the client can ask for a token that has it.
   */
  public static AccessDeniedException insufficientScope(Collection<String> required) {
    if (required.isEmpty()) {
      throw new IllegalArgumentException("insufficient_scope needs the scope that was missing");
    }
    String scope = String.join(" ", new TreeSet<>(required));
    return new AccessDeniedException(INSUFFICIENT_SCOPE, "The credential lacks the scope this request needs.",
        "missing scope " + scope, required);
  }

  /** The scope the request needed, space-separated; empty unless this is {@code insufficient_scope}. */
  public String requiredScope() {
    return requiredScope;
  }
}
