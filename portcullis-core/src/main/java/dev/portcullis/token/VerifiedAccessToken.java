package dev.portcullis.token;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The claims of an access token that passed every check.
 *
 * @param familyId {@code sid}: the refresh family, null for client-credentials tokens
 * @param tokenVersion {@code tv}: null for client-credentials tokens, whose subject is the client
 */
public record VerifiedAccessToken(
    String subject,
    String clientId,
    List<String> audience,
    Set<String> scopes,
    String jti,
    Instant issuedAt,
    Instant notBefore,
    Instant expiresAt,
    String familyId,
    Long tokenVersion,
    String issuer,
    String kid) {

  public VerifiedAccessToken {
    audience = List.copyOf(audience);
    scopes = Set.copyOf(scopes);
  }

  public Optional<String> family() {
    return Optional.ofNullable(familyId);
  }

  public OptionalLong version() {
    return tokenVersion == null ? OptionalLong.empty() : OptionalLong.of(tokenVersion);
  }

  /** True for a user's token, false for a client-credentials token. */
  public boolean isUserToken() {
    return tokenVersion != null;
  }

  /** The RFC 7662 answer for an active token, in claim names; {@code scope} only when it has one. */
  public Map<String, Object> introspectionClaims() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", true);
    if (!scopes.isEmpty()) {
      m.put("scope", dev.portcullis.client.Scopes.format(scopes));
    }
    m.put("client_id", clientId);
    m.put("token_type", "Bearer");
    m.put("exp", expiresAt.getEpochSecond());
    m.put("iat", issuedAt.getEpochSecond());
    m.put("nbf", notBefore.getEpochSecond());
    m.put("sub", subject);
    m.put("aud", audience.size() == 1 ? audience.get(0) : audience);
    m.put("iss", issuer);
    m.put("jti", jti);
    if (familyId != null) {
      m.put("sid", familyId);
    }
    return m;
  }
}
