package dev.portcullis.store.redis;

import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.token.DenyList;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.KeyValue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The access-token deny list in Redis: one key per revoked {@code jti} ({@code d:<jti>}) or refresh
 * family ({@code d:sid:<familyId>}) holding its expiry in epoch millis, with a Redis TTL a little
 * past it so memory frees itself. Expiry is judged by the injected clock; the TTL reclaims the
 * memory, so the list needs no purging (it is not {@link dev.portcullis.store.Purgeable}). Both
 * keys of a token are read with one MGET (same caveat as the session scripts: fine on a single
 * Redis or Sentinel, not on Cluster, where the two keys may sit in different slots).
 */
public final class RedisDenyList implements DenyList {
  /** Keeps the later expiry when a token is denied twice, and sets a TTL that outlives it. */
  private static final LuaScript DENY = new LuaScript("deny-list deny", """
      local expiry, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
      local old = tonumber(redis.call('GET', KEYS[1]) or '0')
      if old >= expiry then return 0 end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
      return 1
      """);
  private static final long TTL_MARGIN_MS = 60_000;

  private final RedisConnection redis;
  private final Clock clock;
  private final boolean accountCountersHere;

  public RedisDenyList(RedisConnection redis, Clock clock) {
    this(redis, clock, false);
  }

  /**
   * {@code accountCountersHere}: the accounts' change counters live in this Redis under the same
   * prefix ({@link RedisChangeCounters}), so {@link #check} reads the token's account counter in the
   * same MGET as its deny-list keys.
   */
  public RedisDenyList(RedisConnection redis, Clock clock, boolean accountCountersHere) {
    this.redis = redis;
    this.clock = clock;
    this.accountCountersHere = accountCountersHere;
  }

  @Override
  public void deny(String jti, Instant until) {
    long ttl = Math.max(1, until.toEpochMilli() - clock.millis()) + TTL_MARGIN_MS;
    DENY.run(redis, ScriptOutputType.INTEGER, new String[] {key(jti)},
        Long.toString(until.toEpochMilli()), Long.toString(ttl));
  }

  /** One MGET for the token and its family: this runs on every access-token verification. */
  @Override
  public boolean isDenied(String jti, String familyId) {
    if (familyId == null) {
      return live(redis.call("deny-list read", c -> c.get(key(jti))));
    }
    List<KeyValue<String, String>> found = redis.call("deny-list read",
        c -> c.mget(key(jti), key(DenyList.familyKey(familyId))));
    return found.stream().anyMatch(kv -> kv.hasValue() && live(kv.getValue()));
  }

  /** One MGET: the token's key, its family's, and (when they live here) its account's change counter. */
  @Override
  public Check check(String jti, String familyId, String userId) {
    if (!accountCountersHere || userId == null) {
      return new Check(isDenied(jti, familyId), OptionalLong.empty());
    }
    String counterKey = RedisChangeCounters.key(redis, CachingAccountStore.COUNTER_NAMESPACE + userId);
    List<KeyValue<String, String>> found = familyId == null
        ? redis.call("deny-list read", c -> c.mget(key(jti), counterKey))
        : redis.call("deny-list read", c -> c.mget(key(jti), key(DenyList.familyKey(familyId)), counterKey));
    boolean denied = found.subList(0, found.size() - 1).stream().anyMatch(kv -> kv.hasValue() && live(kv.getValue()));
    KeyValue<String, String> counter = found.get(found.size() - 1);
    return new Check(denied, counter.hasValue() ? RedisChangeCounters.parse(counter.getValue()) : OptionalLong.empty());
  }

  private boolean live(String until) {
    return until != null && Long.parseLong(until) > clock.millis();
  }

  private String key(String jti) {
    return redis.prefix() + "d:" + jti;
  }
}
