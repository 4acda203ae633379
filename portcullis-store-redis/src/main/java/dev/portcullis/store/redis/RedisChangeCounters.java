package dev.portcullis.store.redis;

import dev.portcullis.store.ChangeCounters;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link ChangeCounters} shared by every instance through Redis: one string key per stripe, {@code
 * e:<stripe>} (at most {@link ChangeCounters#STRIPES} keys, no TTL). A counter that is missing (new,
 * evicted, or Redis restarted empty) starts at a random value, never at 0, so that a counter lost
 * and recreated cannot come back to a value an instance still holds an account under.
 */
public final class RedisChangeCounters implements ChangeCounters {
  /** Creates the counter at ARGV[1] if it is missing, then returns it (two callers agree on one value). */
  private static final LuaScript START = new LuaScript("change counter start", """
      redis.call('SET', KEYS[1], ARGV[1], 'NX')
      return redis.call('GET', KEYS[1])
      """);
  /** Moves the counter on, starting it at ARGV[1] first if it is missing. */
  private static final LuaScript ADVANCE = new LuaScript("change counter advance", """
      redis.call('SET', KEYS[1], ARGV[1], 'NX')
      return redis.call('INCR', KEYS[1])
      """);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisConnection redis;

  public RedisChangeCounters(RedisConnection redis) {
    this.redis = redis;
  }

  @Override
  public OptionalLong current(String userId) {
    String key = key(userId);
    String value = redis.call("change counter read", c -> c.get(key));
    if (value == null) {
      value = START.run(redis, ScriptOutputType.VALUE, new String[] {key}, randomStart());
    }
    return parse(value);
  }

  /** Both counters in one MGET; one that is missing is started as {@link #current} does. */
  @Override
  public OptionalLong[] current(String name, String other) {
    List<KeyValue<String, String>> both = redis.call("change counter read", c -> c.mget(key(name), key(other)));
    return new OptionalLong[] {
        both.get(0).hasValue() ? parse(both.get(0).getValue()) : current(name),
        both.get(1).hasValue() ? parse(both.get(1).getValue()) : current(other)};
  }

  @Override
  public void advance(String userId) {
    ADVANCE.run(redis, ScriptOutputType.INTEGER, new String[] {key(userId)}, randomStart());
  }

  /** Somewhere in [2^40, 2^52): far from every other start, with room to count up. */
  private static String randomStart() {
    return Long.toString((1L << 40) + (RANDOM.nextLong() >>> 12) % ((1L << 52) - (1L << 40)));
  }

  static OptionalLong parse(String value) {
    try {
      return OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException | NullPointerException e) {
      // not ours to interpret (someone wrote the key): serve nothing from memory
      return OptionalLong.empty();
    }
  }

  private String key(String name) {
    return key(redis, name);
  }

  /** The key of {@code name}'s counter: other stores of this module read it along with their own keys. */
  static String key(RedisConnection redis, String name) {
    return redis.prefix() + "e:" + ChangeCounters.stripe(name);
  }
}
