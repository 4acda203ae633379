package dev.portcullis.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: Redis TTLs follow the sessions, and indexes stay bounded. */
class RedisKeyLayoutTest {
  private static TestRedis redis;
  private MutableClock clock;
  private RedisSessionStore sessions;
  private RedisThrottleStore throttles;

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

  @BeforeEach
  void stores() {
    clock = new MutableClock();
    sessions = new RedisSessionStore(redis.connection, clock);
    throttles = new RedisThrottleStore(redis.connection, clock);
  }

  @Test
  void sessionKeysExpireWhenTheSessionDoesAndTouchExtendsThem() {
    Session s = session("u_" + UUID.randomUUID(), Duration.ofMinutes(30));
    sessions.create(s);
    assertThat(sessions.findByTokenHash(s.tokenHash())).contains(s); // '|' and '%' survive the encoding
    assertThat(pttl("s:" + s.tokenHash())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    assertThat(pttl("i:" + s.id())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

    clock.advance(Duration.ofMinutes(10));
    Instant seen = clock.instant();
    assertThat(sessions.touch(s.id(), seen, seen.plus(Duration.ofHours(2)))).isTrue();
    assertThat(pttl("s:" + s.tokenHash())).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(120));
    assertThat(pttl("u:" + s.userId())).isGreaterThan(Duration.ofMinutes(119));
  }

  @Test
  void expiredEntriesLeaveTheUserIndexOnTheNextCreate() {
    String user = "u_" + UUID.randomUUID();
    sessions.create(session(user, Duration.ofMinutes(1)));
    sessions.create(session(user, Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    Session fresh = session(user, Duration.ofMinutes(30));
    sessions.create(fresh);
    List<String> indexed =
        redis.connection.call("zrange", c -> c.zrange(redis.connection.prefix() + "u:" + user, 0, -1));
    assertThat(indexed).containsExactly(fresh.id());
  }

  @Test
  void throttleKeepsOnlyTheCurrentAndPreviousBucket() {
    String key = "login:ip:" + UUID.randomUUID();
    for (long bucket = 100; bucket < 110; bucket++) {
      throttles.increment(key, bucket, Duration.ofMinutes(5));
    }
    List<String> buckets = redis.connection.call("hkeys", c -> c.hkeys(redis.connection.prefix() + "t:" + key));
    assertThat(buckets).containsExactlyInAnyOrder("108", "109");
    assertThat(pttl("t:" + key)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
  }

  private Session session(String userId, Duration idle) {
    Instant now = clock.instant();
    return new Session("s_" + UUID.randomUUID(), userId, "hash-" + UUID.randomUUID(), now, now, now,
        now.plus(idle), now.plus(Duration.ofDays(7)), 0, "Mozilla/5.0 (test) | with a bar", "2001:db8::1|%");
  }

  private Duration pttl(String key) {
    return Duration.ofMillis(redis.connection.call("pttl", c -> c.pttl(redis.connection.prefix() + key)));
  }
}
