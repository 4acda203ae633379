package dev.portcullis.store.redis;

import dev.portcullis.token.DenyList;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.KeyScanCursor;
import java.time.Clock;
import java.time.Instant;

/**
 * The access-token deny list in Redis: one key per revoked {@code jti} holding its expiry in epoch
 * millis, with a Redis TTL a little past it so memory frees itself. Expiry is judged by the
 * injected clock; the TTL only reclaims memory.
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

  public RedisDenyList(RedisConnection redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public void deny(String jti, Instant until) {
    long ttl = Math.max(1, until.toEpochMilli() - clock.millis()) + TTL_MARGIN_MS;
    DENY.run(redis, ScriptOutputType.INTEGER, new String[] {key(jti)},
        Long.toString(until.toEpochMilli()), Long.toString(ttl));
  }

  @Override
  public boolean isDenied(String jti) {
    String until = redis.call("deny-list read", c -> c.get(key(jti)));
    return until != null && Long.parseLong(until) > clock.millis();
  }

  /** Redis TTLs do the real work; this sweeps entries whose time passed by the injected clock. */
  @Override
  public int purgeExpired() {
    long now = clock.millis();
    String pattern = redis.prefix() + "d:*";
    int purged = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor current = cursor;
      KeyScanCursor<String> page = redis.call("deny-list scan",
          c -> c.scan(current, ScanArgs.Builder.matches(pattern).limit(500)));
      for (String key : page.getKeys()) {
        String until = redis.call("deny-list read", c -> c.get(key));
        if (until != null && Long.parseLong(until) <= now) {
          purged += redis.call("deny-list purge", c -> c.del(key)).intValue();
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    return purged;
  }

  private String key(String jti) {
    return redis.prefix() + "d:" + jti;
  }
}
