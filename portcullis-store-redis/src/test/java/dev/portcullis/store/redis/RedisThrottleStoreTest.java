package dev.portcullis.store.redis;

import dev.portcullis.throttle.ThrottleStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.ThrottleStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the local Redis, under a key prefix of this class, emptied after each test. */
class RedisThrottleStoreTest extends ThrottleStoreContract {
  private static TestRedis redis;

  @BeforeAll
  static void connect() {
    redis = TestRedis.open();
  }

  @AfterAll
  static void disconnect() {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void deleteKeys() {
    redis.deleteKeys();
  }

  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new RedisThrottleStore(redis.connection, clock);
  }
}
