package dev.portcullis.store.redis;

import dev.portcullis.throttle.ThrottleStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Throttle counters, one Redis HASH per key ({@code <prefix>t:<key>}) whose fields are bucket
 * numbers and whose values are {@code count:expiresAtMillis}. One key per throttle key makes
 * {@link #reset} a single DEL and keeps every script on one key (Cluster-safe). The expiry is kept
 * in the value and compared with the injected clock because the contract is defined by that clock;
 * the key's own PEXPIRE only frees memory once nothing in it can be live any more.
 */
public final class RedisThrottleStore implements ThrottleStore {
  // buckets older than the previous one are outside every window: pruning them bounds the hash at two fields
  private static final LuaScript INCREMENT = new LuaScript("throttle increment", """
      local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
      local function parse(v)
        if not v then return 0, 0 end
        local c, e = string.match(v, '^(%d+):(%d+)$')
        if not c or tonumber(e) <= now then return 0, 0 end
        return tonumber(c), tonumber(e)
      end
      local count, expires = parse(redis.call('HGET', KEYS[1], ARGV[1]))
      count = count + 1
      expires = math.max(expires, now + ttl)
      redis.call('HSET', KEYS[1], ARGV[1], string.format('%d:%d', count, expires))
      local previous = parse(redis.call('HGET', KEYS[1], ARGV[2]))
      local oldest = tonumber(ARGV[2])
      for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
        if tonumber(field) < oldest then redis.call('HDEL', KEYS[1], field) end
      end
      if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
      return {count, previous}
      """);

  private final RedisConnection redis;
  private final Clock clock;

  public RedisThrottleStore(RedisConnection redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public Counts increment(String key, long bucket, Duration ttl) {
    List<Long> counts = INCREMENT.run(redis, ScriptOutputType.MULTI, new String[] {redisKey(key)},
        Long.toString(bucket), Long.toString(bucket - 1), Long.toString(clock.millis()),
        Long.toString(Math.max(1, ttl.toMillis())));
    return new Counts(counts.get(0), counts.get(1));
  }

  @Override
  public Counts peek(String key, long bucket) {
    List<KeyValue<String, String>> values = redis.call("throttle peek",
        c -> c.hmget(redisKey(key), Long.toString(bucket), Long.toString(bucket - 1)));
    long now = clock.millis();
    return new Counts(live(values.get(0), now), live(values.get(1), now));
  }

  @Override
  public void reset(String key) {
    redis.call("throttle reset", c -> c.del(redisKey(key)));
  }

  private String redisKey(String key) {
    return redis.prefix() + "t:" + key;
  }

  private static long live(KeyValue<String, String> value, long now) {
    if (!value.hasValue()) {
      return 0;
    }
    String v = value.getValue();
    int colon = v.indexOf(':');
    return colon > 0 && Long.parseLong(v.substring(colon + 1)) > now ? Long.parseLong(v.substring(0, colon)) : 0;
  }
}
