package dev.portcullis.client;

import dev.portcullis.store.ChangeCounters;
import dev.portcullis.store.CounterCheckedCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Clients read by id kept in memory and checked against their change counter ({@code c:<client
 * id>}) on every read ({@link CounterCheckedCache}): every token request, refresh and authorization
 * names its client, and a client deleted through any instance can no longer authenticate, exchange
 * or refresh at the next request. A client never changes otherwise, so a deletion is the one change
 * announced.
 */
public final class CachingClientStore implements ClientStore {
  /** Clients are few; past this the map starts afresh. */
  static final int MAX_ENTRIES = 10_000;

  private final ClientStore store;
  private final CounterCheckedCache<Client> cache;

  public CachingClientStore(ClientStore store, ChangeCounters counters, Clock clock, Duration maxAge) {
    this.store = store;
    this.cache = new CounterCheckedCache<>("c:", counters, clock, maxAge, MAX_ENTRIES);
  }

  @Override
  public Optional<Client> findById(String id) {
    return cache.get(id, store::findById);
  }

  @Override
  public void create(Client client) {
    store.create(client);
  }

  @Override
  public List<Client> list() {
    return store.list();
  }

  @Override
  public boolean delete(String id) {
    boolean deleted = store.delete(id);
    if (deleted) {
      cache.changed(id);
    }
    return deleted;
  }
}
