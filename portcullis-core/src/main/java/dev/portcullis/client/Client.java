package dev.portcullis.client;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A registered OAuth client. Only confidential clients have a {@code secretHash} (SHA-256 of the
 * secret shown once at registration). {@code audience}, when set, becomes the {@code aud} of the
 * access tokens issued to this client; {@code scopes} bounds what it may request.
 */
public record Client(
    String id,
    String name,
    ClientType type,
    String secretHash,
    String audience,
    Set<String> scopes,
    Instant createdAt) {

  public Client {
    scopes = Set.copyOf(scopes);
  }

  public Optional<String> audienceIfSet() {
    return Optional.ofNullable(audience);
  }

  @Override
  public String toString() {
    return "Client[id=" + id + ", type=" + type.wireName() + ", name=" + name + "]";
  }
}
