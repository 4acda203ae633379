package dev.portcullis.token;

import java.time.Instant;
import java.util.List;

/**
 * Persistence of signing keys, shared by every instance. A retired key whose {@code publishUntil}
 * has passed reads as absent (a store that keeps it behind is {@link dev.portcullis.store.Purgeable}).
 */
public interface SigningKeyStore {
  /** Inserts a new key; false if the kid is already taken. */
  boolean insert(SigningKey key);

  /** Every key still published (active or retired but within its window), oldest first. */
  List<SigningKey> list();

  /**
   * Retires an active key: it stops signing at {@code retiredAt} (which may lie ahead: a routine
   * rotation retires the old key when its successor activates) and stays published until {@code
   * publishUntil}. False if the key is unknown or already retired, so concurrent rotations retire it once.
   */
  boolean retire(String kid, Instant retiredAt, Instant publishUntil);

  /**
   * Withdraws a compromised key at once, retired or not: from {@code at} it reads as absent, so
   * nothing it signed verifies any more. False if the key is unknown or already unpublished.
   */
  boolean withdraw(String kid, Instant at);
}
