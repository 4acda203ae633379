package dev.portcullis.session;

import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in a map, for tests and single-process embedding. Every operation treats an expired
 * session as absent, exactly like the JDBC store; {@link #purgeExpired()} frees the memory.
 * A single lock keeps the id map and the token-hash index consistent and makes
 * {@link #rotateToken} a true compare-and-set.
 */
public final class InMemorySessionStore implements SessionStore, Purgeable {
  private final Clock clock;
  private final Map<String, Session> byId = new HashMap<>();
  private final Map<String, String> idByHash = new HashMap<>();

  public InMemorySessionStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void create(Session session) {
    if (byId.containsKey(session.id()) || idByHash.containsKey(session.tokenHash())) {
      throw new IllegalStateException("session id or token hash already stored");
    }
    byId.put(session.id(), session);
    idByHash.put(session.tokenHash(), session.id());
  }

  @Override
  public synchronized Optional<Session> findByTokenHash(String tokenHash) {
    String id = idByHash.get(tokenHash);
    return id == null ? Optional.empty() : live(id);
  }

  @Override
  public synchronized boolean touch(
      String userId, String id, Instant lastSeenAt, Instant expiresAt) {
    Optional<Session> s = live(id).filter(found -> found.userId().equals(userId));
    s.ifPresent(found -> byId.put(id, found.withLastSeen(lastSeenAt, expiresAt)));
    return s.isPresent();
  }

  @Override
  public synchronized boolean rotateToken(
      String userId, String id, String expectedHash, String newHash, long privilegeVersion) {
    Optional<Session> s = live(id)
        .filter(found -> found.userId().equals(userId) && found.tokenHash().equals(expectedHash));
    if (s.isEmpty() || idByHash.containsKey(newHash)) {
      return false;
    }
    idByHash.remove(expectedHash);
    idByHash.put(newHash, id);
    byId.put(id, s.get().withToken(newHash, privilegeVersion));
    return true;
  }

  @Override
  public synchronized boolean delete(String userId, String id) {
    Optional<Session> s = live(id).filter(found -> found.userId().equals(userId));
    s.ifPresent(this::remove);
    return s.isPresent();
  }

  @Override
  public synchronized List<Session> listByUser(String userId) {
    Instant now = clock.instant();
    return byId.values().stream()
        .filter(s -> s.userId().equals(userId) && isLive(s, now))
        .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed())
        .toList();
  }

  @Override
  public synchronized int deleteByUser(String userId, String exceptId) {
    Instant now = clock.instant();
    List<Session> doomed = new ArrayList<>();
    for (Session s : byId.values()) {
      if (s.userId().equals(userId) && isLive(s, now) && !s.id().equals(exceptId)) {
        doomed.add(s);
      }
    }
    doomed.forEach(this::remove);
    return doomed.size();
  }

  /** Drops expired sessions; returns how many. */
  @Override
  public synchronized int purgeExpired() {
    Instant now = clock.instant();
    List<Session> doomed = byId.values().stream().filter(s -> !isLive(s, now)).toList();
    doomed.forEach(this::remove);
    return doomed.size();
  }

  private Optional<Session> live(String id) {
    Session s = byId.get(id);
    return s != null && isLive(s, clock.instant()) ? Optional.of(s) : Optional.empty();
  }

  // the same rule as SessionService: live while now is strictly before expiresAt
  private static boolean isLive(Session s, Instant now) {
    return now.isBefore(s.expiresAt());
  }

  private void remove(Session s) {
    byId.remove(s.id());
    idByHash.remove(s.tokenHash());
  }
}
