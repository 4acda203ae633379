package dev.portcullis.store.redis;

import dev.portcullis.throttle.ThrottleStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.ThrottleStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against the local Redis, under a key prefix of this class, emptied after each test. */
class RedisThrottleStoreTest extends ThrottleStoreContract {
  @RegisterExtension
  static final TestRedis.PerClass redis = new TestRedis.PerClass();

  @Override
  protected ThrottleStore newStore(MutableClock clock) {
    return new RedisThrottleStore(redis.connection(), clock);
  }
}
