package dev.portcullis.account;

import dev.portcullis.error.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts read by id kept in memory, checked against {@link AccountEpochs} on every read, so that
 * the hot path (every session, access token and API key names an account whose roles and token
 * version it needs) skips the database without ever serving a change late: a role change, forced
 * logout or password change on any instance is seen at the next request.
 *
 * <p>Why it is right: a reader reads the account's counter, then (on a miss) the store, and keeps
 * what it read under that counter value; a writer stores its change, then moves the counter on. If
 * the reader's store read came before the change, the writer's move comes after the reader's
 * counter read, so the next reader sees another value and reads the store again. A counter that
 * cannot be read (Redis away) serves nothing from memory and forgets everything kept, so nothing
 * kept before an outage is trusted after it; every entry is also re-read after {@code maxAge} at
 * the latest, a bound on a change whose announcement failed (the writer is then told 503).
 * Writes, searches and email lookups go straight to the store.
 */
public final class CachingAccountStore implements AccountStore {
  private static final Logger LOG = LoggerFactory.getLogger(CachingAccountStore.class);
  /** A few MiB at most (an account with its hash is ~0.5 KiB); past it the map starts afresh. */
  static final int MAX_ENTRIES = 10_000;

  private final AccountStore store;
  private final AccountEpochs epochs;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(Account account, long epoch, Instant readAt) {}

  public CachingAccountStore(AccountStore store, AccountEpochs epochs, Clock clock, Duration maxAge) {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative");
    }
    this.store = store;
    this.epochs = epochs;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  @Override
  public Optional<Account> findById(String id) {
    OptionalLong epoch = epochOf(id);
    Instant now = clock.instant();
    if (epoch.isPresent()) {
      Entry hit = entries.get(id);
      if (hit != null && hit.epoch() == epoch.getAsLong() && now.isBefore(hit.readAt().plus(maxAge))) {
        return Optional.of(hit.account());
      }
    }
    Optional<Account> read = store.findById(id);
    if (epoch.isPresent() && read.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(id, new Entry(read.get(), epoch.getAsLong(), now));
    }
    return read;
  }

  private OptionalLong epochOf(String id) {
    if (!epochs.enabled()) {
      return OptionalLong.empty();
    }
    try {
      return epochs.current(id);
    } catch (StoreUnavailableException e) {
      // read through: the account store may well answer; what was kept may predate a change
      // whose announcement is lost, so it goes
      entries.clear();
      return OptionalLong.empty();
    }
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

  /** Announces a stored change to every instance (this one first); 503 when that fails. */
  private boolean changed(String id, boolean stored) {
    if (stored) {
      entries.remove(id);
      try {
        epochs.advance(id);
      } catch (StoreUnavailableException e) {
        LOG.error("account {} changed but other instances could not be told (they re-read it within {}): {}",
            id, maxAge, e.getMessage());
        throw e;
      }
    }
    return stored;
  }
}
