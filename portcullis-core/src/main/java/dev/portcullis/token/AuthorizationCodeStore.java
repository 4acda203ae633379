package dev.portcullis.token;

import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of authorization codes, by the SHA-256 of the code. A code past its
 * {@code retainUntil} reads as absent (a store that keeps it behind is
 * {@link dev.portcullis.store.Purgeable}).
 */
public interface AuthorizationCodeStore {
  /** Inserts a new, unused code. */
  void create(AuthorizationCode code);

  Optional<AuthorizationCode> findByHash(String codeHash);

  /**
   * Compare-and-set: marks the code used at {@code at}, starting family {@code familyId}, only if it
   * is still unused. Of any number of racing redemptions exactly one returns true.
   */
  boolean consume(String codeHash, String familyId, Instant at);

  /**
   * Records that a used code was presented again (the first such time is kept) and returns it as it
   * now stands, with the family its redemption started; empty if there is no such code.
   */
  Optional<AuthorizationCode> markReplayed(String codeHash, Instant at);
}
