package dev.portcullis.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of browser sessions, keyed by the SHA-256 of the cookie secret. A session whose
 * {@code expiresAt} has passed reads as absent. Reads never write.
 */
public interface SessionStore {
  void create(Session session);

  Optional<Session> findByTokenHash(String tokenHash);

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
