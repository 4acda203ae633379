package dev.portcullis.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key strings refused lately, by the SHA-256 of the whole presented string (never the string), so
 * that a client hammering with a revoked key costs no store read and fills no audit trail. Only
 * final refusals are kept: a key once revoked, expired, retired, of a wrong secret or checksum, or
 * naming no key never works again. An accepted key is re-judged on every use (from a copy checked
 * against its change counter at most), so revocation takes effect at the next request on every
 * instance. Bounded: past {@link #MAX_ENTRIES} the expired entries go, and if
 * that is not enough, all of them (a spraying client only costs the cache its benefit).
 */
final class RejectedKeys {
  static final int MAX_ENTRIES = 10_000;
  static final Duration TTL = Duration.ofMinutes(5);

  private record Entry(InvalidApiKeyException.Reason reason, String keyId, Instant until) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  RejectedKeys(Clock clock) {
    this.clock = clock;
  }

  /** The refusal of {@code digest}, if it was refused less than {@link #TTL} ago. */
  Optional<InvalidApiKeyException> find(String digest) {
    Entry e = entries.get(digest);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.until())) {
      entries.remove(digest, e);
      return Optional.empty();
    }
    return Optional.of(new InvalidApiKeyException(e.reason(), e.keyId(),
        "API key " + e.keyId() + " refused again (" + e.reason() + ", cached)"));
  }

  void remember(String digest, InvalidApiKeyException refusal) {
    Instant now = clock.instant();
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(e -> !now.isBefore(e.until()));
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(digest, new Entry(refusal.reason(), refusal.keyId(), now.plus(TTL)));
  }

  int size() {
    return entries.size();
  }
}
