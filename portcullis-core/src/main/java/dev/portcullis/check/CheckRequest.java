package dev.portcullis.check;

import dev.portcullis.auth.Device;
import java.util.Set;

/**
 * What a reverse proxy tells the forward-auth check about the request it holds back. Every field
 * but the required sets and the device may be null (absent).
 *
 * @param bearer the token of an {@code Authorization: Bearer} header (possibly empty)
 * @param originalMethod the method of the request being authorised, as the proxy reports it
 * @param origin {@code Origin} of that request; {@code secFetchSite} likewise
 * @param ownOrigin the origin the request names itself (its host): the Origin check's fallback
 *     when no public URL is configured, as for the server's own routes
 * @param csrfToken {@code X-CSRF-Token} of that request
 */
public record CheckRequest(
    String sessionCookie,
    String bearer,
    String originalMethod,
    String origin,
    String secFetchSite,
    String ownOrigin,
    String csrfToken,
    Set<String> requiredScopes,
    Set<String> requiredRoles,
    Device device) {

  public CheckRequest {
    requiredScopes = Set.copyOf(requiredScopes);
    requiredRoles = Set.copyOf(requiredRoles);
  }

  @Override
  public String toString() {
    return "CheckRequest[method=" + originalMethod + ", cookie=" + (sessionCookie != null) + ", bearer="
        + (bearer != null) + ", scopes=" + requiredScopes + ", roles=" + requiredRoles + "]"; // no secrets
  }
}
