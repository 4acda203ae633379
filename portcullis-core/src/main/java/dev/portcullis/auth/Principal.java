package dev.portcullis.auth;

import java.util.Set;

/**
 * Who made a request and how: put on the request once by authentication, read by handlers.
 *
 * @param method {@code session}, {@code jwt}, {@code api_key} or {@code admin_token}
 * @param sessionId the public handle of the session or refresh family, if any
 */
public record Principal(
    String userId, String method, Set<String> roles, Set<String> scopes, String sessionId, String clientId) {

  public Principal {
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
  }

  /** True for a browser with a session cookie, whose session id is then {@code sessionId}. */
  public boolean isBrowserSession() {
    return "session".equals(method);
  }

  public boolean isAdmin() {
    return roles.contains("admin");
  }
}
