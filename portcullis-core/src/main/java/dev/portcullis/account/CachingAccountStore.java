package dev.portcullis.account;

import dev.portcullis.store.ChangeCounters;
import dev.portcullis.store.CounterCheckedCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Accounts read by id kept in memory and checked against their change counter on every read
 * ({@link CounterCheckedCache}): every session, access token and API key names an account whose
 * roles and token version the request needs, and a role change, forced logout or password change
 * through any instance is still seen at the next request. Writes announce themselves; searches and
 * email lookups go straight to the store.
 */
public final class CachingAccountStore implements AccountStore {
  /** Where the accounts' counters sit among {@link ChangeCounters}' names: {@code a:<user id>}. */
  public static final String COUNTER_NAMESPACE = "a:";

  /** A few MiB at most (an account with its hash is ~0.5 KiB); past it the map starts afresh. */
  static final int MAX_ENTRIES = 10_000;

  private final AccountStore store;
  private final CounterCheckedCache<Account> cache;

  public CachingAccountStore(AccountStore store, ChangeCounters counters, Clock clock, Duration maxAge) {
    this.store = store;
    this.cache = new CounterCheckedCache<>(COUNTER_NAMESPACE, counters, clock, maxAge, MAX_ENTRIES);
  }

  @Override
  public Optional<Account> findById(String id) {
    return cache.get(id, store::findById);
  }

  @Override
  public Optional<Account> findById(String id, OptionalLong counterReadInThisRequest) {
    return cache.get(id, store::findById, counterReadInThisRequest);
  }

  @Override
  public void create(Account account) {
    store.create(account);
  }

  @Override
  public Optional<Account> findByEmail(String normalizedEmail) {
    return store.findByEmail(normalizedEmail);
  }

  @Override
  public boolean updatePasswordHash(String id, String passwordHash) {
    return changed(id, store.updatePasswordHash(id, passwordHash));
  }

  @Override
  public boolean replacePasswordHash(String id, String expectedHash, String newHash) {
    return changed(id, store.replacePasswordHash(id, expectedHash, newHash));
  }

  @Override
  public boolean setRoles(String id, Set<String> roles) {
    return changed(id, store.setRoles(id, roles));
  }

  @Override
  public Optional<Long> bumpTokenVersion(String id) {
    Optional<Long> v = store.bumpTokenVersion(id);
    changed(id, v.isPresent());
    return v;
  }

  @Override
  public List<Account> search(String query, String afterEmail, int limit) {
    return store.search(query, afterEmail, limit);
  }

  private boolean changed(String id, boolean stored) {
    if (stored) {
      cache.changed(id);
    }
    return stored;
  }
}
