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

  private record Entry<T>(T value, long counter, Instant readAt) {}

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

  /** The record, from memory if its counter has not moved since it was read, else from {@code load}. */
  public Optional<T> get(String id, Function<String, Optional<T>> load) {
    OptionalLong counter = counterOf(id);
    Instant now = clock.instant();
    if (counter.isPresent()) {
      Entry<T> hit = entries.get(id);
      if (hit != null && hit.counter() == counter.getAsLong() && now.isBefore(hit.readAt().plus(maxAge))) {
        return Optional.of(hit.value());
      }
    }
    Optional<T> read = load.apply(id);
    if (counter.isPresent() && read.isPresent()) {
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
      entries.put(id, new Entry<>(read.get(), counter.getAsLong(), now));
    }
    return read;
  }

  /**
   * Announces a stored change of {@code id} to every instance (this one first). Throws {@link
   * StoreUnavailableException} when the announcement fails: the change is stored, other instances
   * see it within {@code maxAge}, and the caller answers 503 rather than claim it took effect.
   */
  public void changed(String id) {
    entries.remove(id);
    try {
      counters.advance(namespace + id);
    } catch (StoreUnavailableException e) {
      LOG.error("{}{} changed but other instances could not be told (they re-read it within {}): {}",
          namespace, id, maxAge, e.getMessage());
      throw e;
    }
  }

  private OptionalLong counterOf(String id) {
    if (!counters.enabled()) {
      return OptionalLong.empty();
    }
    try {
      return counters.current(namespace + id);
    } catch (StoreUnavailableException e) {
      // read through: the store may well answer; what was kept may predate a change whose
      // announcement is lost, so it goes
      entries.clear();
      return OptionalLong.empty();
    }
  }
}
