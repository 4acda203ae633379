package dev.portcullis.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1, so only the digest crosses the wire. After a Redis restart or
 * SCRIPT FLUSH the script cache is empty: the first NOSCRIPT answer falls back to EVAL, which also
 * caches the script again.
 */
final class LuaScript {
  private final String name;
  private final String source;
  private final String sha;

  LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  <T> T run(RedisConnection redis, ScriptOutputType type, String[] keys, String... args) {
    return redis.call(name, c -> {
      try {
        return c.evalsha(sha, type, keys, args);
      } catch (RedisNoScriptException e) {
        return c.eval(source, type, keys, args);
      }
    });
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    }
  }
}
