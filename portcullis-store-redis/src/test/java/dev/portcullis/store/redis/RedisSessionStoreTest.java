package dev.portcullis.store.redis;

import dev.portcullis.session.SessionStore;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the local Redis, under a key prefix of this class, emptied after each test. */
class RedisSessionStoreTest extends SessionStoreContract {
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
  protected SessionStore newStore(MutableClock clock) {
    return new RedisSessionStore(redis.connection, clock);
  }
}
