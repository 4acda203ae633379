package dev.portcullis.sdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map of token outcomes, keyed by a SHA-256 of the token (the cache never holds a bearer
 * token itself), each entry with its own end. An entry is never returned at or past its end; at the
 * size limit, ended entries go first, then an arbitrary tenth, so the map never exceeds {@code
 * maxEntries}. Safe for concurrent use.
 */
final class ExpiringCache<V> {
  private record Entry<V>(V value, Instant until) {}

  private final int maxEntries;
  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

  /** {@code maxEntries} 0 disables the cache. */
  ExpiringCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("the cache size must be >= 0");
    }
    this.maxEntries = maxEntries;
  }

  /** The key of {@code token}: base64url of its SHA-256. */
  static String keyOf(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  /** The value stored under {@code key} if its end is after {@code now}, else null (and it is dropped). */
  V get(String key, Instant now) {
    if (maxEntries == 0) {
      return null;
    }
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!now.isBefore(e.until())) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  /** Stores {@code value} until {@code until}; nothing when that is not after {@code now}. */
  void put(String key, V value, Instant until, Instant now) {
    if (maxEntries == 0 || !now.isBefore(until)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      synchronized (this) {
        if (entries.size() >= maxEntries) {
          entries.values().removeIf(e -> !now.isBefore(e.until()));
          int target = maxEntries - Math.max(1, maxEntries / 10);
          Iterator<String> it = entries.keySet().iterator();
          while (entries.size() > target && it.hasNext()) {
            it.next();
            it.remove();
          }
        }
      }
    }
    entries.put(key, new Entry<>(value, until));
    // racing writers may each have seen room: trim what they added over the limit
    while (entries.size() > maxEntries) {
      Iterator<String> it = entries.keySet().iterator();
      if (!it.hasNext()) {
        break;
      }
      it.next();
      it.remove();
    }
  }

  void remove(String key) {
    entries.remove(key);
  }

  int size() {
    return entries.size();
  }
}
