package dev.portcullis.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.UUID;

/**
 * A connection to the Redis named by {@code PORTCULLIS_TEST_REDIS} under a random key prefix, so
 * test classes share one Redis without seeing each other's keys. If Redis is unreachable, {@link
 * #open()} throws: the tests fail rather than skip.
 */
final class TestRedis implements AutoCloseable {
  static final String DEFAULT_URL = "redis://127.0.0.1:6379";

  final RedisConnection connection;

  private TestRedis(RedisConnection connection) {
    this.connection = connection;
  }

  static String url() {
    return System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", DEFAULT_URL);
  }

  static TestRedis open() {
    return open(url(), "pcl-test:" + UUID.randomUUID().toString().substring(0, 8) + ":");
  }

  static TestRedis open(String url, String prefix) {
    RedisConnection connection = new RedisConnection(url, prefix);
    if (!connection.ping()) {
      connection.close();
      throw new IllegalStateException("Redis is not reachable at " + url + " (set PORTCULLIS_TEST_REDIS)");
    }
    return new TestRedis(connection);
  }

  /** Deletes every key under the prefix; returns how many. */
  long deleteKeys() {
    return connection.call("test cleanup", c -> {
      long deleted = 0;
      ScanArgs match = ScanArgs.Builder.matches(connection.prefix() + "*").limit(1000);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = c.scan(cursor, match);
        if (!page.getKeys().isEmpty()) {
          deleted += c.unlink(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return deleted;
    });
  }

  @Override
  public void close() {
    try {
      deleteKeys();
    } finally {
      connection.close();
    }
  }

  /**
   * A connection under a fresh prefix for one test class, its keys deleted after each test:
   * {@code @RegisterExtension static final TestRedis.PerClass redis = new TestRedis.PerClass();}
   */
  static final class PerClass implements org.junit.jupiter.api.extension.BeforeAllCallback,
      org.junit.jupiter.api.extension.AfterEachCallback, org.junit.jupiter.api.extension.AfterAllCallback {
    private TestRedis redis;

    @Override
    public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      redis = open();
    }

    @Override
    public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
      redis.deleteKeys();
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      if (redis != null) {
        redis.close();
      }
    }

    RedisConnection connection() {
      return redis.connection;
    }

    /** Deletes every key of this class now (as a Redis restarted empty would have lost them). */
    long deleteKeys() {
      return redis.deleteKeys();
    }
  }
}
