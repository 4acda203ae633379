package dev.portcullis.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of refresh-token families. A family whose {@code expiresAt} has passed reads as
 * absent everywhere (a store that keeps it behind is {@link dev.portcullis.store.Purgeable}, which
 * also deletes its history). Revoking a family deletes it together with its history of used hashes.
 */
public interface RefreshFamilyStore {
  /** The new state of a family after one rotation. */
  record Rotation(String newHash, Set<String> scopes, Instant at, Instant expiresAt, String graceCiphertext) {
    public Rotation {
      scopes = Set.copyOf(scopes);
    }
  }

  /**
   * A family found by a token hash. {@code current} tells whether the hash is the live token or
   * one already rotated out; {@code usedAt} is when a rotated-out hash was used (null if current).
   */
  record Match(RefreshFamily family, boolean current, Instant usedAt) {}

  /** Inserts a new family with its first token hash. */
  void create(RefreshFamily family);

  /** Finds the family whose current or any previously used token has this hash. */
  Optional<Match> findByHash(String tokenHash);

  /**
   * Compare-and-set: only if the family's current hash is still {@code expectedHash}, installs the
   * rotation and records {@code expectedHash} as used. Of any number of racing rotations with the
   * same expected hash exactly one returns true.
   */
  boolean rotate(String familyId, String expectedHash, Rotation rotation);

  Optional<RefreshFamily> findById(String familyId);

  /** The user's live families, newest first. */
  List<RefreshFamily> listByUser(String userId);

  /** Deletes the family if it belongs to {@code userId}; false otherwise. */
  boolean delete(String userId, String familyId);

  /** Deletes every family of the user; returns how many. */
  int deleteByUser(String userId);
}
