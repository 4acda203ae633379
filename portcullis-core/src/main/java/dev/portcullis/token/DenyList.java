package dev.portcullis.token;

import java.time.Instant;

/**
 * Access tokens revoked before their expiry, by {@code jti}. An entry only needs to live until the
 * token's own {@code exp}; after that it reads as absent and may be purged.
 */
public interface DenyList {
  /** Denies the token until {@code until} (its expiry); denying twice keeps the later instant. */
  void deny(String jti, Instant until);

  /** True while the token is denied. */
  boolean isDenied(String jti);

  /** Deletes entries whose time has passed; returns how many. */
  int purgeExpired();
}
