package dev.portcullis.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Persistence of browser sessions, keyed by the SHA-256 of the cookie secret. A session whose
 * {@code expiresAt} has passed reads as absent. Reads never write.
 */
public interface SessionStore {
  void create(Session session);

  Optional<Session> findByTokenHash(String tokenHash);

  /**
   * A session read for validation, with the value of its user's account change counter ({@link
   * dev.portcullis.store.ChangeCounters}, name {@code a:<user id>}) when the store read it in the
   * same round trip, before or with the session; empty otherwise. The value belongs to this one
   * request: it is as old as the request, never older.
   */
  record Found(Session session, OptionalLong accountCounter) {}

  /** {@link #findByTokenHash}, with the user's account counter where the store can read it at no extra cost. */
  default Optional<Found> findForValidation(String tokenHash) {
    return findByTokenHash(tokenHash).map(s -> new Found(s, OptionalLong.empty()));
  }

  /**
   * Records use: moves {@code lastSeenAt} and the sliding {@code expiresAt}. False if gone or not
   * a session of {@code userId}.
   */
  boolean touch(String userId, String id, Instant lastSeenAt, Instant expiresAt);

  /**
   * Replaces the secret atomically, only if the stored hash is still {@code expectedHash}: of two
   * racing rotations exactly one wins. False, changing nothing, if the session is gone, its hash
   * differs or it is not a session of {@code userId}.
   */
  boolean rotateToken(
      String userId, String id, String expectedHash, String newHash, long privilegeVersion);

  /** Deletes the session if it belongs to {@code userId}; false if there was none. */
  boolean delete(String userId, String id);

  /** The user's live sessions, newest first. */
  List<Session> listByUser(String userId);

  /** Deletes every session of the user except {@code exceptId} (may be null); returns the count. */
  int deleteByUser(String userId, String exceptId);
}
