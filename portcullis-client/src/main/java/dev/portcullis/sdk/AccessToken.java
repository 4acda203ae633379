package dev.portcullis.sdk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Portcullis access token that passed every check (RFC 9068 claims).
 *
 * @param subject {@code sub}: a user id ({@code u_…}), or the client's id for a client-credentials token
 * @param clientId {@code client_id}: the client the token was issued to
 * @param scopes {@code scope}, split on spaces (empty when none was granted)
 * @param sessionId {@code sid}: the login (refresh family) of a user's token, else null
 * @param claims every claim as received (JWT claims, or the RFC 7662 answer's members less {@code active})
 */
public record AccessToken(
    String subject,
    String clientId,
    List<String> audience,
    Set<String> scopes,
    String jwtId,
    Instant issuedAt,
    Instant notBefore,
    Instant expiresAt,
    String issuer,
    String sessionId,
    Map<String, Object> claims) {

  public AccessToken {
    audience = List.copyOf(audience);
    scopes = Set.copyOf(scopes);
    claims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  public boolean hasScopes(Collection<String> required) {
    return scopes.containsAll(required);
  }

  /** A user's token (it carries a login), as opposed to a client-credentials token. */
  public boolean isUserToken() {
    return sessionId != null || !subject.equals(clientId);
  }

  /** RFC 6749 section 3.3: scope tokens are separated by single spaces. */
  static Set<String> parseScopes(String scope) {
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String s : scope.split(" ")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
