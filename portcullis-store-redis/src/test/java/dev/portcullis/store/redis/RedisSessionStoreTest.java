package dev.portcullis.store.redis;

import dev.portcullis.session.SessionStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.SessionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against the local Redis, under a key prefix of this class, emptied after each test. */
class RedisSessionStoreTest extends SessionStoreContract {
  @RegisterExtension
  static final TestRedis.PerClass redis = new TestRedis.PerClass();

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return new RedisSessionStore(redis.connection(), clock);
  }
}
