package dev.portcullis.token;

import java.time.Instant;
import java.util.List;
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
}
