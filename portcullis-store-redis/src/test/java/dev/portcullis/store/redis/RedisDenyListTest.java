package dev.portcullis.store.redis;

import dev.portcullis.testkit.DenyListContract;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.DenyList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The deny-list contract against the local Redis, under a key prefix of this class. */
class RedisDenyListTest extends DenyListContract {
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
  protected DenyList newDenyList(MutableClock clock) {
    return new RedisDenyList(redis.connection, clock);
  }
}
