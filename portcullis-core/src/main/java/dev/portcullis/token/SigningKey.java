package dev.portcullis.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing key as stored. {@code privateKey} is the private JWK sealed with AES-256-GCM under the
 * key-encryption key ({@code "aesgcm:…"}), or, when no such key is configured, the JWK itself
 * ({@code "plain:…"}). A key is published from {@code createdAt}, signs from {@code activatesAt}
 * (later than creation after a routine rotation, so that resource servers caching the JWKS know it
 * before its first token) until a successor activates, and stays published until {@code
 * publishUntil}, after which the store treats it as absent. {@code retiredAt} is set, possibly in
 * the future, once a successor is scheduled.
 */
public record SigningKey(
    String kid,
    String algorithm,
    String publicJwk,
    String privateKey,
    Instant createdAt,
    Instant activatesAt,
    Instant retiredAt,
    Instant publishUntil) {

  public SigningKey {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
  }

  /** A key that signs from the moment it is created: the first key, and an emergency rotation's. */
  public SigningKey(String kid, String algorithm, String publicJwk, String privateKey, Instant createdAt,
      Instant retiredAt, Instant publishUntil) {
    this(kid, algorithm, publicJwk, privateKey, createdAt, createdAt, retiredAt, publishUntil);
  }

  /** Neither retired nor scheduled to be: no successor has been arranged for it yet. */
  public boolean isActive() {
    return retiredAt == null;
  }

  public Optional<Instant> publishUntilIfRetired() {
    return Optional.ofNullable(publishUntil);
  }

  public SigningKey retired(Instant at, Instant until) {
    return new SigningKey(kid, algorithm, publicJwk, privateKey, createdAt, activatesAt, at, until);
  }

  /** Unpublished at {@code at}, and retired then unless it was retired earlier. */
  public SigningKey withdrawn(Instant at) {
    Instant retired = retiredAt == null || retiredAt.isAfter(at) ? at : retiredAt;
    return new SigningKey(kid, algorithm, publicJwk, privateKey, createdAt, activatesAt, retired, at);
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", alg=" + algorithm + ", activatesAt=" + activatesAt
        + ", retiredAt=" + retiredAt + "]";
  }
}
