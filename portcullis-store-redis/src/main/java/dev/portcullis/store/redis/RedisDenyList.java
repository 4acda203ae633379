package dev.portcullis.store.redis;

import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.token.DenyList;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.KeyValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
    return anyLive(read(jti, familyId));
  }

  /** One MGET: the token's key, its family's, and (when they live here) its account's change counter. */
  @Override
  public Check check(String jti, String familyId, String userId) {
    if (!accountCountersHere || userId == null) {
      return new Check(isDenied(jti, familyId), OptionalLong.empty());
    }
    List<KeyValue<String, String>> found =
        read(jti, familyId, RedisChangeCounters.key(redis, CachingAccountStore.COUNTER_NAMESPACE + userId));
    KeyValue<String, String> counter = found.get(found.size() - 1);
    return new Check(anyLive(found.subList(0, found.size() - 1)),
        counter.hasValue() ? RedisChangeCounters.parse(counter.getValue()) : OptionalLong.empty());
  }

  /** The token's deny-list key, its family's (if it has one) and {@code more} keys, in one MGET. */
  private List<KeyValue<String, String>> read(String jti, String familyId, String... more) {
    List<String> keys = new ArrayList<>(2 + more.length);
    keys.add(key(jti));
    if (familyId != null) {
      keys.add(key(DenyList.familyKey(familyId)));
    }
    keys.addAll(List.of(more));
    return redis.call("deny-list read", c -> c.mget(keys.toArray(String[]::new)));
  }

  private boolean anyLive(List<KeyValue<String, String>> entries) {
    return entries.stream().anyMatch(kv -> kv.hasValue() && live(kv.getValue()));
  }

  private boolean live(String until) {
    return until != null && Long.parseLong(until) > clock.millis();
  }

  private String key(String jti) {
    return redis.prefix() + "d:" + jti;
  }
}
