package dev.portcullis.store.redis;

import dev.portcullis.throttle.ThrottleStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.util.List;

/**
 * Throttle counters, one Redis HASH per key ({@code <prefix>t:<key>}) whose fields are bucket
 * numbers and whose values are {@code count:expiresAtMillis}. One key per throttle key makes
 * {@link #reset} a single DEL and keeps every script on one key (Cluster-safe). A reservation is one
 * script (Redis runs scripts one at a time), so reading both buckets, applying the rule of {@link
 * Slot} and counting the attempt cannot interleave with another reservation. The expiry is kept in
 * the value and compared with the injected clock because the contract is defined by that clock; the
 * key's own PEXPIRE only frees memory once nothing in it can be live any more.
 */
public final class RedisThrottleStore implements ThrottleStore {
  private static final String PARSE = """
      local now = tonumber(ARGV[2])
      local function parse(v)
        if not v then return 0, 0 end
        local c, e = string.match(v, '^(%d+):(%d+)$')
        if not c or tonumber(e) <= now then return 0, 0 end
        return tonumber(c), tonumber(e)
      end
      """;
  // ARGV: bucket, now, keep, length, elapsed, limit. Integers stay below 2^53: exact in Lua's doubles.
  // Buckets older than the previous one are outside every window: pruning them bounds the hash at two fields.
  private static final LuaScript RESERVE = new LuaScript("throttle reserve", PARSE + """
      local bucket, keep = tonumber(ARGV[1]), tonumber(ARGV[3])
      local length, elapsed, limit = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
      local count, expires = parse(redis.call('HGET', KEYS[1], ARGV[1]))
      local previous = parse(redis.call('HGET', KEYS[1], tostring(bucket - 1)))
      if (count + 1) * length + previous * (length - elapsed) > limit * length then
        return {0, count, previous}
      end
      count = count + 1
      expires = math.max(expires, now + keep)
      redis.call('HSET', KEYS[1], ARGV[1], string.format('%d:%d', count, expires))
      for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
        if tonumber(field) < bucket - 1 then redis.call('HDEL', KEYS[1], field) end
      end
      if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
      return {1, count, previous}
      """);
  private static final LuaScript RELEASE = new LuaScript("throttle release", PARSE + """
      local count, expires = parse(redis.call('HGET', KEYS[1], ARGV[1]))
      if count > 0 then
        redis.call('HSET', KEYS[1], ARGV[1], string.format('%d:%d', count - 1, expires))
      end
      return count
      """);

  private final RedisConnection redis;
  private final Clock clock;

  public RedisThrottleStore(RedisConnection redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public Reservation reserve(String key, Slot slot, long limit) {
    List<Long> r = RESERVE.run(redis, ScriptOutputType.MULTI, new String[] {redisKey(key)},
        Long.toString(slot.bucket()), Long.toString(clock.millis()), Long.toString(slot.keep().toMillis()),
        Long.toString(slot.lengthMillis()), Long.toString(slot.elapsedMillis()), Long.toString(limit));
    return new Reservation(r.get(0) == 1, new Counts(r.get(1), r.get(2)));
  }

  @Override
  public void release(String key, long bucket) {
    RELEASE.run(redis, ScriptOutputType.INTEGER, new String[] {redisKey(key)},
        Long.toString(bucket), Long.toString(clock.millis()));
  }

  @Override
  public void reset(String key) {
    redis.call("throttle reset", c -> c.del(redisKey(key)));
  }

  private String redisKey(String key) {
    return redis.prefix() + "t:" + key;
  }
}
