package dev.portcullis.store.redis;

import dev.portcullis.testkit.DenyListContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.DenyList;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deny-list contract against the local Redis, under a key prefix of this class. */
class RedisDenyListTest extends DenyListContract {
  @RegisterExtension
  static final TestRedis.PerClass redis = new TestRedis.PerClass();

  @Override
  protected DenyList newDenyList(MutableClock clock) {
    return new RedisDenyList(redis.connection(), clock);
  }
}
