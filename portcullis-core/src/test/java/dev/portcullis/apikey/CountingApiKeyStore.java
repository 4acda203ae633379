package dev.portcullis.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that counts lookups and last-used writes, to prove what the service spares the store. */
final class CountingApiKeyStore implements ApiKeyStore {
  final InMemoryApiKeyStore delegate = new InMemoryApiKeyStore();
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger touches = new AtomicInteger();

  @Override
  public void create(ApiKey key) {
    delegate.create(key);
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    lookups.incrementAndGet();
    return delegate.findById(id);
  }

  @Override
  public List<ApiKey> listByUser(String userId) {
    return delegate.listByUser(userId);
  }

  @Override
  public boolean rotate(String id, ApiKey successor, Instant at, Instant retireAt) {
    return delegate.rotate(id, successor, at, retireAt);
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return delegate.revoke(id, at);
  }

  @Override
  public boolean touch(String id, Instant at, Instant staleAt) {
    touches.incrementAndGet();
    return delegate.touch(id, at, staleAt);
  }

  @Override
  public int purgeEndedBefore(Instant cutoff) {
    return delegate.purgeEndedBefore(cutoff);
  }
}
