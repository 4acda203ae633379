package dev.portcullis.store.redis;

import dev.portcullis.testkit.RedisProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.StoreUnavailableException;
import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.throttle.ThrottleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills a private redis-server under live stores and brings it back on the same port: while it is
 * down every call must fail fast with StoreUnavailableException (never "no session"), and once it
 * is back the same store objects must work again without being rebuilt.
 */
@Timeout(30)
class RedisFailureTest {
  // a call may wait out one command timeout (2 s) if it was in flight when the server died
  private static final Duration PROMPT = Duration.ofSeconds(3);
  private static final ThrottleStore.Slot SLOT = new ThrottleStore.Slot(1, 0, Duration.ofMinutes(1).toMillis());
  private static RedisProcess server;
  private static RedisConnection redis;

  @BeforeAll
  static void startServer() throws Exception {
    server = RedisProcess.onFreePort();
    server.start();
    redis = new RedisConnection(server.url(), "pcl-fail:");
    awaitTrue(redis::ping, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopServer() throws Exception {
    try {
      if (redis != null) {
        redis.close();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void storesFailFastWhileRedisIsDownAndRecoverWhenItReturns() throws Exception {
    MutableClock clock = new MutableClock();
    RedisSessionStore sessions = new RedisSessionStore(redis, clock);
    RedisThrottleStore throttles = new RedisThrottleStore(redis, clock);
    Session before = session(clock, "u_" + UUID.randomUUID());
    sessions.create(before);
    assertThat(sessions.findByTokenHash(before.tokenHash())).contains(before);

    server.kill();

    assertUnavailablePromptly(() -> sessions.findByTokenHash(before.tokenHash()));
    assertUnavailablePromptly(() -> sessions.findByTokenHash(before.tokenHash()));
    assertUnavailablePromptly(() -> sessions.create(session(clock, before.userId())));
    assertUnavailablePromptly(() -> sessions.touch(before.userId(), before.id(), clock.instant(), clock.instant()));
    assertUnavailablePromptly(() -> sessions.rotateToken(before.userId(), before.id(), before.tokenHash(), "hash-x", 1));
    assertUnavailablePromptly(() -> sessions.delete(before.userId(), before.id()));
    assertUnavailablePromptly(() -> sessions.listByUser(before.userId()));
    assertUnavailablePromptly(() -> sessions.deleteByUser(before.userId(), null));
    assertUnavailablePromptly(() -> throttles.reserve("login:ip:x", SLOT, 5));
    assertUnavailablePromptly(() -> throttles.release("login:ip:x", 1));
    assertUnavailablePromptly(() -> throttles.reset("login:ip:x"));
    assertThat(redis.ping()).isFalse();

    server.start();

    // the server kept nothing, so the old session is gone; the script cache is empty too (NOSCRIPT)
    awaitTrue(redis::ping, Duration.ofSeconds(15));
    assertThat(sessions.findByTokenHash(before.tokenHash())).isEmpty();
    Session after = session(clock, before.userId());
    sessions.create(after);
    assertThat(sessions.findByTokenHash(after.tokenHash())).contains(after);
    assertThat(sessions.listByUser(after.userId())).containsExactly(after);
    assertThat(throttles.reserve("login:ip:x", SLOT, 5).counts().current()).isEqualTo(1);
  }

  @Test
  void callsFailFastWhenRedisWasNeverReachable() throws Exception {
    String nowhere = "redis://127.0.0.1:" + RedisProcess.freePort();
    try (RedisConnection absent = new RedisConnection(nowhere, "pcl-none:")) {
      RedisSessionStore sessions = new RedisSessionStore(absent, new MutableClock());
      assertThat(absent.ping()).isFalse();
      assertUnavailablePromptly(() -> sessions.findByTokenHash("hash-" + UUID.randomUUID()));
      assertUnavailablePromptly(() -> sessions.listByUser("u_1"));
    }
  }

  private static void assertUnavailablePromptly(ThrowingCallable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call).isInstanceOf(StoreUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
  }

  private static Session session(MutableClock clock, String userId) {
    Instant now = clock.instant();
    return new Session("s_" + UUID.randomUUID(), userId, "hash-" + UUID.randomUUID(), now, now, now,
        now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(7)), 0, 0, "Mozilla/5.0 (test)", "203.0.113.9");
  }

  private static void awaitTrue(BooleanSupplier condition, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + within);
      }
      Thread.sleep(50);
    }
  }
}
