package dev.portcullis.store.redis;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what a session costs in Redis: writes {@code sessions} realistic sessions (generated
 * handles, a base64url SHA-256, a desktop Chrome User-Agent, an IPv4 address; {@code perUser} to a
 * user) through {@link RedisSessionStore} under a fresh short prefix, and compares INFO memory's
 * used_memory before and after. Excluded from normal builds; run it with
 *
 * <pre>./mvnw -q -B -pl portcullis-store-redis -am verify -DexcludedGroups=none \
 *     -Dtest=RedisSessionMemory -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * System properties {@code sessions} and {@code perUser} change the load.
 */
@Tag("measure")
class RedisSessionMemory {
  private static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

  @Test
  void bytesPerSession() throws Exception {
    int count = Integer.getInteger("sessions", 100_000);
    int perUser = Integer.getInteger("perUser", 2);
    // as short as a production prefix such as "pcl:", so key lengths are representative
    String prefix = "m" + Tokens.random(3).replace('-', 'x').replace('_', 'y') + ":";
    try (TestRedis redis = TestRedis.open(TestRedis.url(), prefix)) {
      if (redis.deleteKeys() != 0) {
        throw new IllegalStateException("prefix " + prefix + " was in use");
      }
      MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
      RedisSessionStore store = new RedisSessionStore(redis.connection, clock);
      long before = usedMemory(redis);
      int threads = 8;
      List<Callable<Integer>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * (count / threads);
        int last = t == threads - 1 ? count : first + count / threads;
        writers.add(() -> write(store, clock, first, last, perUser));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (Future<Integer> done : pool.invokeAll(writers)) {
          done.get(); // rethrows a writer's failure
        }
      } finally {
        pool.shutdownNow();
      }
      long after = usedMemory(redis);
      System.out.printf("%nRedis %s: %,d sessions (%d per user) under prefix %s used %,d bytes:"
          + " %.1f bytes per session (session key + user HASH)%n",
          redis.connection.call("info", c -> c.info("server")).lines()
              .filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?"),
          count, perUser, prefix, after - before, (after - before) / (double) count);
      sample(redis, store, clock);
    }
  }

  private static int write(RedisSessionStore store, MutableClock clock, int first, int last, int perUser) {
    Instant now = clock.instant();
    String userId = null;
    for (int i = first; i < last; i++) {
      if (userId == null || i % perUser == 0) {
        userId = Tokens.handle("u_");
      }
      store.create(new Session(Tokens.handle("s_"), userId, Tokens.sha256(Tokens.secret256()), now,
          now, now, now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(7)), 0, 0, USER_AGENT,
          "203.0.113.9"));
    }
    return last - first;
  }

  /** MEMORY USAGE of one session's keys, to see where the bytes go. */
  private static void sample(TestRedis redis, RedisSessionStore store, MutableClock clock) {
    String userId = Tokens.handle("u_");
    Instant now = clock.instant();
    Session s = new Session(Tokens.handle("s_"), userId, Tokens.sha256(Tokens.secret256()), now, now,
        now, now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(7)), 0, 0, USER_AGENT, "203.0.113.9");
    store.create(s);
    String p = redis.connection.prefix();
    System.out.printf("MEMORY USAGE of one session: s: %d, u: (1 entry) %d; value %d chars%n",
        usage(redis, p + "s:" + s.tokenHash()), usage(redis, p + "u:" + userId),
        SessionCodec.encode(s).length());
  }

  private static long usage(TestRedis redis, String key) {
    return redis.connection.call("memory usage", c -> c.memoryUsage(key));
  }

  private static long usedMemory(TestRedis redis) {
    String info = redis.connection.call("info", c -> c.info("memory"));
    return info.lines().filter(l -> l.startsWith("used_memory:"))
        .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim()))
        .findFirst().orElseThrow();
  }
}
