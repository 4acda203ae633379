package dev.portcullis.store;

import dev.portcullis.error.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records read by id kept in memory and checked against {@link ChangeCounters} on every read, so
 * that a hot path skips the database without ever serving a change late: a change stored through
 * any instance is seen at the next read on every instance.
 *
 * <p>Why it is right: a reader reads the record's counter, then (on a miss) the store, and keeps
 * what it read under that counter value; a writer stores its change, then moves the counter on. If
 * the reader's store read came before the change, the writer's move comes after the reader's
 * counter read, so the next reader sees another value and reads the store again. A counter that
 * cannot be read (Redis away) serves nothing from memory and forgets everything kept, so nothing
 * kept before an outage is trusted after it; every entry is also re-read after {@code maxAge} at
 * the latest, a bound on a change whose announcement failed (its writer is then told 503). What
 * the store does not have is never remembered.
 */
public final class CounterCheckedCache<T> {
  private static final Logger LOG = LoggerFactory.getLogger(CounterCheckedCache.class);

  private final String namespace;
  private final ChangeCounters counters;
  private final Clock clock;
  private final Duration maxAge;
  private final int maxEntries;
  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

  private record Entry<T>(T value, String counterName, long counter, Instant readAt) {}

  /** {@code namespace} keeps the counters of different kinds of records apart (e.g. {@code a:}, {@code k:}). */
  public CounterCheckedCache(String namespace, ChangeCounters counters, Clock clock, Duration maxAge, int maxEntries) {
    if (maxAge.isNegative() || maxEntries < 1) {
      throw new IllegalArgumentException("maxAge must not be negative and maxEntries positive");
    }
    this.namespace = namespace;
    this.counters = counters;
    this.clock = clock;
    this.maxAge = maxAge;
    this.maxEntries = maxEntries;
  }

  /**
   * The record {@code id}, whose counter is the namespace's for {@code id}: from memory if that
   * counter has not moved since it was read, else from {@code load}.
   */
  public Optional<T> get(String id, Function<String, Optional<T>> load) {
    return get(id, load, OptionalLong.empty());
  }

  /**
   * {@link #get(String, Function)}, given the counter's value read earlier in the same request
   * (read before this call, so before the store read it may lead to), saving a counter read; empty
   * to read it here.
   */
  public Optional<T> get(String id, Function<String, Optional<T>> load, OptionalLong counterAlreadyRead) {
    String name = namespace + id;
    // one counter value serves both the check of what is kept and the keeping of what is read
    OptionalLong counter = counterAlreadyRead.isPresent() && counters.enabled() ? counterAlreadyRead : counterOf(name);
    Entry<T> e = entries.get(id);
    if (e != null && name.equals(e.counterName()) && fresh(e, counter)) {
      return Optional.of(e.value());
    }
    Optional<T> read = load.apply(id);
    read.ifPresent(value -> keep(id, value, name, counter));
    return read;
  }

  /** A record and the value of a companion's counter read along with the record's own. */
  public record WithCompanion<T>(Optional<T> value, OptionalLong companionCounter) {}

  /**
   * {@link #get(String, Function)}, where a kept record names a companion whose counter the caller
   * will need next (an API key's account, {@code companion} maps the record to the counter's full
   * name): on a hit both counters are read in one call, and the companion's value, read before
   * any read of the companion itself, is handed back for this request. On a miss only the
   * record's own counter is read.
   */
  public WithCompanion<T> getWithCompanion(String id, Function<String, Optional<T>> load, Function<T, String> companion) {
    String name = namespace + id;
    Entry<T> e = entries.get(id);
    if (e != null && counters.enabled()) {
      OptionalLong[] both = countersOf(name, companion.apply(e.value()));
      if (fresh(e, both[0])) {
        return new WithCompanion<>(Optional.of(e.value()), both[1]);
      }
      Optional<T> read = load.apply(id);
      read.ifPresent(value -> keep(id, value, name, both[0]));
      // the companion's counter was read for the record kept before; it names the same companion
      // only if the record still does
      boolean same = read.isPresent() && companion.apply(read.get()).equals(companion.apply(e.value()));
      return new WithCompanion<>(read, same ? both[1] : OptionalLong.empty());
    }
    return new WithCompanion<>(get(id, load), OptionalLong.empty());
  }

  /**
   * The record under {@code key} whose counter is named by the record itself ({@code owner} maps it
   * to an id in the namespace, e.g. a session to its user): such a counter can only be read after
   * a first store read, so a miss reads the store, then the counter, then the store again, and keeps
   * the second read, which is at least as new as the counter value. A hit costs a counter read.
   */
  public Optional<T> getOwned(String key, Function<String, Optional<T>> load, Function<T, String> owner) {
    Entry<T> hit = hit(key);
    if (hit != null) {
      return Optional.of(hit.value());
    }
    Optional<T> first = load.apply(key);
    if (first.isEmpty() || !counters.enabled()) {
      return first;
    }
    String name = namespace + owner.apply(first.get());
    OptionalLong counter = counterOf(name);
    Optional<T> second = load.apply(key);
    second.filter(value -> name.equals(namespace + owner.apply(value)))
        .ifPresent(value -> keep(key, value, name, counter));
    return second;
  }

  /** The entry under {@code key} if its counter still reads what it was kept under, and it is young enough. */
  private Entry<T> hit(String key) {
    Entry<T> e = entries.get(key);
    if (e == null) {
      return null;
    }
    return fresh(e, counterOf(e.counterName())) ? e : null;
  }

  /** Whether {@code e} may be served: its counter still reads what it was kept under, and it is young enough. */
  private boolean fresh(Entry<T> e, OptionalLong counter) {
    return counter.isPresent() && counter.getAsLong() == e.counter()
        && clock.instant().isBefore(e.readAt().plus(maxAge));
  }

  private void keep(String key, T value, String counterName, OptionalLong counter) {
    if (counter.isEmpty()) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, counterName, counter.getAsLong(), clock.instant()));
  }

  /** Forgets what is kept under {@code key} on this instance only (no announcement). */
  public void forget(String key) {
    entries.remove(key);
  }

  /**
   * Announces a stored change of {@code id} to every instance (this one first). Throws {@link
   * StoreUnavailableException} when the announcement fails: the change is stored, other instances
   * see it within {@code maxAge}, and the caller answers 503 rather than claim it took effect.
   */
  public void changed(String id) {
    entries.remove(id);
    announce(id);
  }

  /**
   * Moves the counter of {@code id} in the namespace on without forgetting any entry here: for
   * records whose counter is named by their owner ({@link #getOwned}), whose entries all check it.
   */
  public void announce(String id) {
    try {
      counters.advance(namespace + id);
    } catch (StoreUnavailableException e) {
      LOG.error("{}{} changed but other instances could not be told (they re-read it within {}): {}",
          namespace, id, maxAge, e.getMessage());
      throw e;
    }
  }

  /** {@link #counterOf} for two counters in one call; both empty (and everything kept forgotten) when they cannot be read. */
  private OptionalLong[] countersOf(String name, String other) {
    try {
      return counters.current(name, other);
    } catch (StoreUnavailableException e) {
      entries.clear();
      return new OptionalLong[] {OptionalLong.empty(), OptionalLong.empty()};
    }
  }

  private OptionalLong counterOf(String name) {
    if (!counters.enabled()) {
      return OptionalLong.empty();
    }
    try {
      return counters.current(name);
    } catch (StoreUnavailableException e) {
      // read through: the store may well answer; what was kept may predate a change whose
      // announcement is lost, so it goes
      entries.clear();
      return OptionalLong.empty();
    }
  }
}
