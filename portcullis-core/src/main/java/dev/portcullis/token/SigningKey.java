package dev.portcullis.token;

import java.time.Instant;
import java.util.Optional;

/**
 * A signing key as stored. {@code privateKey} is the private JWK sealed with AES-256-GCM under the
 * key-encryption key ({@code "aesgcm:…"}), or, when no such key is configured, the JWK itself
 * ({@code "plain:…"}). A key is active until {@code retiredAt}; after that it only verifies, and it
 * is published until {@code publishUntil}, after which the store treats it as absent.
 */
public record SigningKey(
    String kid,
    String algorithm,
    String publicJwk,
    String privateKey,
    Instant createdAt,
    Instant retiredAt,
    Instant publishUntil) {

  public boolean isActive() {
    return retiredAt == null;
  }

  public Optional<Instant> publishUntilIfRetired() {
    return Optional.ofNullable(publishUntil);
  }

  public SigningKey retired(Instant at, Instant until) {
    return new SigningKey(kid, algorithm, publicJwk, privateKey, createdAt, at, until);
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", alg=" + algorithm + ", retiredAt=" + retiredAt + "]";
  }
}
