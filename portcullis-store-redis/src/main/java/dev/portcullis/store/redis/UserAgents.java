package dev.portcullis.store.redis;

import dev.portcullis.crypto.Tokens;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interned User-Agents: one key {@code a:<ref>} per distinct text, where {@code ref} is the first
 * 22 characters (132 bits) of the text's base64url SHA-256, shared by every session that carries
 * it. A key is content-addressed and never rewritten, so this instance caches what it has read
 * with no invalidation to get wrong, and a session read costs one round trip once a User-Agent has
 * been seen. A text read back is only accepted if it hashes to its reference. The session scripts
 * write the key ({@code SET NX}) and keep its TTL at least the longest of its sessions'.
 */
final class UserAgents {
  static final int REF_LENGTH = 22;
  private static final int CACHE_LIMIT = 10_000;

  private final RedisConnection redis;
  private final String prefix;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  UserAgents(RedisConnection redis) {
    this.redis = redis;
    this.prefix = redis.prefix();
  }

  static String ref(String userAgent) {
    return Tokens.sha256(userAgent).substring(0, REF_LENGTH);
  }

  String key(String ref) {
    return prefix + "a:" + ref;
  }

  void remember(String userAgent) {
    put(ref(userAgent), userAgent);
  }

  /** The text of a reference, or null if its key is gone (it then reads as an unknown agent). */
  String resolve(String ref) {
    String cached = cache.get(ref);
    if (cached != null) {
      return cached;
    }
    String text = redis.call("user agent lookup", c -> c.get(key(ref)));
    return accepted(ref, text);
  }

  /** Fetches every reference not cached yet in one MGET, so a device list costs one more round trip at most. */
  void prefetch(Collection<String> refs) {
    List<String> missing = refs.stream().filter(r -> r != null && !cache.containsKey(r)).distinct().toList();
    if (missing.isEmpty()) {
      return;
    }
    Map<String, String> found = new HashMap<>();
    redis.call("user agent lookup", c -> c.mget(missing.stream().map(this::key).toArray(String[]::new)))
        .forEach(kv -> found.put(kv.getKey(), kv.getValueOrElse(null)));
    for (String ref : missing) {
      accepted(ref, found.get(key(ref)));
    }
  }

  private String accepted(String ref, String text) {
    if (text == null || !ref(text).equals(ref)) {
      return null;
    }
    put(ref, text);
    return text;
  }

  private void put(String ref, String text) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // a crude bound: re-reading a few agents costs little, and distinct agents are few
    }
    cache.put(ref, text);
  }
}
