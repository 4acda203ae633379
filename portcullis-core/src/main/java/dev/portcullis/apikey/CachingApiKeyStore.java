package dev.portcullis.apikey;

import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.store.ChangeCounters;
import dev.portcullis.store.CounterCheckedCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API keys read by id kept in memory and checked against their change counter on every read
 * ({@link CounterCheckedCache}), so that a key's every use does not read the database and a
 * revocation or rotation through any instance still takes effect at the next request. A recorded
 * last use is announced too (at most once per key per last-used interval), so a read by id always
 * answers what the store holds.
 */
public final class CachingApiKeyStore implements ApiKeyStore {
  /** A key is ~0.3 KiB; past this the map starts afresh. */
  static final int MAX_ENTRIES = 10_000;

  private final ApiKeyStore store;
  private final CounterCheckedCache<ApiKey> cache;

  public CachingApiKeyStore(ApiKeyStore store, ChangeCounters counters, Clock clock, Duration maxAge) {
    this.store = store;
    this.cache = new CounterCheckedCache<>("k:", counters, clock, maxAge, MAX_ENTRIES);
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    return cache.get(id, store::findById);
  }

  @Override
  public Optional<Found> findForUse(String id) {
    CounterCheckedCache.WithCompanion<ApiKey> read = cache.getWithCompanion(id, store::findById,
        k -> CachingAccountStore.COUNTER_NAMESPACE + k.userId());
    return read.value().map(k -> new Found(k, read.companionCounter()));
  }

  @Override
  public void create(ApiKey key) {
    store.create(key);
  }

  @Override
  public List<ApiKey> listByUser(String userId) {
    return store.listByUser(userId);
  }

  @Override
  public boolean rotate(String id, ApiKey successor, Instant at, Instant retireAt) {
    boolean rotated = store.rotate(id, successor, at, retireAt);
    if (rotated) {
      cache.changed(id);
    }
    return rotated;
  }

  @Override
  public boolean revoke(String id, Instant at) {
    boolean revoked = store.revoke(id, at);
    if (revoked) {
      cache.changed(id);
    }
    return revoked;
  }

  @Override
  public boolean touch(String id, Instant at, Instant staleAt) {
    boolean wrote = store.touch(id, at, staleAt);
    if (wrote) {
      cache.changed(id);
    }
    return wrote;
  }

  @Override
  public int purgeEndedBefore(Instant cutoff) {
    // only ended keys go, and an ended key is refused whether it is kept in memory or not
    return store.purgeEndedBefore(cutoff);
  }
}
