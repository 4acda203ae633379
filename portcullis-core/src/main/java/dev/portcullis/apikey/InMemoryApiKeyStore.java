package dev.portcullis.apikey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys in a map, for tests and single-process embedding. Reads are lock-free; every write is
 * serialised and replaces the whole record, so a rotation (two records) is atomic and no write can
 * overwrite another's change with a stale copy.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

  @Override
  public synchronized void create(ApiKey key) {
    if (keys.putIfAbsent(key.id(), key) != null) {
      throw new IllegalStateException("duplicate API key id " + key.id());
    }
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    return Optional.ofNullable(id == null ? null : keys.get(id));
  }

  @Override
  public List<ApiKey> listByUser(String userId) {
    return keys.values().stream()
        .filter(k -> k.userId().equals(userId))
        .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id).reversed())
        .toList();
  }

  @Override
  public synchronized boolean rotate(String id, ApiKey successor, Instant at, Instant retireAt) {
    ApiKey old = keys.get(id);
    if (old == null || !old.userId().equals(successor.userId()) || old.revokedAt() != null
        || old.successorId() != null || old.expiresAt() != null && !at.isBefore(old.expiresAt())) {
      return false;
    }
    create(successor);
    keys.put(id, old.rotatedTo(successor.id(), retireAt));
    return true;
  }

  @Override
  public synchronized boolean revoke(String id, Instant at) {
    ApiKey k = keys.get(id);
    if (k == null || !k.liveAt(at)) {
      return false;
    }
    keys.put(id, k.revoked(at));
    return true;
  }

  @Override
  public synchronized boolean touch(String id, Instant at, Instant staleAt) {
    ApiKey k = keys.get(id);
    if (k == null || k.lastUsedAt() != null && k.lastUsedAt().isAfter(staleAt)) {
      return false;
    }
    keys.put(id, k.usedAt(at));
    return true;
  }

  @Override
  public synchronized int purgeEndedBefore(Instant cutoff) {
    int before = keys.size();
    keys.values().removeIf(k -> endedBefore(k.revokedAt(), cutoff) || endedBefore(k.expiresAt(), cutoff)
        || endedBefore(k.retiresAt(), cutoff));
    return before - keys.size();
  }

  private static boolean endedBefore(Instant end, Instant cutoff) {
    return end != null && end.isBefore(cutoff);
  }
}
