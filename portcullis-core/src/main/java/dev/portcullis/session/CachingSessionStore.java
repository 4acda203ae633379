package dev.portcullis.session;

import dev.portcullis.store.ChangeCounters;
import dev.portcullis.store.CounterCheckedCache;
import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sessions read by token hash kept in memory, each checked on every read against the change counter
 * of its user ({@code s:<user id>}), which every touch, rotation and deletion of any of the user's
 * sessions moves on: a logout, a revocation or a rotated id takes effect at the next request. A
 * miss costs two store reads (the user, hence the counter, is known only after the first; see
 * {@link CounterCheckedCache#getOwned}). Worth it where the counters are cheaper than the store: the
 * embedded database, whose counters live in the process; on Redis, a session read is already one
 * round trip and is not wrapped.
 */
public final class CachingSessionStore implements Purgeable, SessionStore {
  /** A session is ~0.3 KiB; past this the map starts afresh. */
  static final int MAX_ENTRIES = 20_000;

  private final SessionStore store;
  private final Clock clock;
  private final CounterCheckedCache<Session> cache;

  public CachingSessionStore(SessionStore store, ChangeCounters counters, Clock clock, Duration maxAge) {
    this.store = store;
    this.clock = clock;
    this.cache = new CounterCheckedCache<>("s:", counters, clock, maxAge, MAX_ENTRIES);
  }

  @Override
  public Optional<Session> findByTokenHash(String tokenHash) {
    Instant now = clock.instant();
    // an expired session reads as absent, as from the store
    return cache.getOwned(tokenHash, store::findByTokenHash, Session::userId).filter(s -> now.isBefore(s.expiresAt()));
  }

  @Override
  public void create(Session session) {
    store.create(session);
  }

  @Override
  public boolean touch(String userId, String id, Instant lastSeenAt, Instant expiresAt) {
    return changed(userId, store.touch(userId, id, lastSeenAt, expiresAt));
  }

  @Override
  public boolean rotateToken(String userId, String id, String expectedHash, String newHash, long privilegeVersion) {
    boolean rotated = store.rotateToken(userId, id, expectedHash, newHash, privilegeVersion);
    if (rotated) {
      cache.forget(expectedHash);
    }
    return changed(userId, rotated);
  }

  @Override
  public boolean delete(String userId, String id) {
    return changed(userId, store.delete(userId, id));
  }

  @Override
  public List<Session> listByUser(String userId) {
    return store.listByUser(userId);
  }

  @Override
  public int deleteByUser(String userId, String exceptId) {
    int n = store.deleteByUser(userId, exceptId);
    changed(userId, n > 0);
    return n;
  }

  private boolean changed(String userId, boolean stored) {
    if (stored) {
      cache.announce(userId);
    }
    return stored;
  }

  /** Purges what the wrapped store keeps behind (an expired record is not served from memory either). */
  @Override
  public int purgeExpired() {
    return store instanceof Purgeable p ? p.purgeExpired() : 0;
  }
}
