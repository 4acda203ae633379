package dev.portcullis.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.throttle.ThrottleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract cannot see: the key layout (a session key per token hash, one HASH per user of
 * id to {@code <tokenHash>|<expiresAt base36>}, nothing per session id), Redis TTLs follow the
 * sessions, and indexes stay bounded.
 */
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
    assertThat(pttl("u:" + s.userId())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    assertThat(userIndex(s.userId())).containsExactly(entry(s.id(), s.tokenHash(), s.expiresAt()));
    assertThat(exists("i:" + s.id())).isFalse();

    clock.advance(Duration.ofMinutes(10));
    Instant seen = clock.instant();
    Instant expires = seen.plus(Duration.ofHours(2));
    assertThat(sessions.touch(s.userId(), s.id(), seen, expires)).isTrue();
    assertThat(pttl("s:" + s.tokenHash())).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(120));
    assertThat(pttl("u:" + s.userId())).isGreaterThan(Duration.ofMinutes(119));
    assertThat(userIndex(s.userId())).containsExactly(entry(s.id(), s.tokenHash(), expires));
  }

  @Test
  void userIndexStaysCompactAndFollowsRotationAndDeletion() {
    String user = "u_" + UUID.randomUUID();
    Session a = session(user, Duration.ofMinutes(30));
    Session b = session(user, Duration.ofMinutes(60));
    sessions.create(a);
    sessions.create(b);
    String key = redis.connection.prefix() + "u:" + user;
    String type = redis.connection.call("type", c -> c.type(key));
    String encoding = redis.connection.call("object encoding", c -> c.objectEncoding(key));
    assertThat(type).isEqualTo("hash");
    assertThat(encoding).isIn("listpack", "ziplist");
    assertThat(pttl("u:" + user)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));

    String fresh = "hash-" + UUID.randomUUID();
    assertThat(sessions.rotateToken(user, a.id(), a.tokenHash(), fresh, 1)).isTrue();
    assertThat(exists("s:" + a.tokenHash())).isFalse();
    assertThat(pttl("s:" + fresh)).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    assertThat(userIndex(user)).containsOnly(
        entry(a.id(), fresh, a.expiresAt()), entry(b.id(), b.tokenHash(), b.expiresAt()));

    assertThat(sessions.delete(user, a.id())).isTrue();
    assertThat(exists("s:" + fresh)).isFalse();
    assertThat(userIndex(user)).containsOnly(entry(b.id(), b.tokenHash(), b.expiresAt()));
    assertThat(sessions.deleteByUser(user, null)).isEqualTo(1);
    assertThat(exists("s:" + b.tokenHash())).isFalse();
    assertThat(exists("u:" + user)).isFalse();
  }

  @Test
  void expiredEntriesLeaveTheUserIndexOnTheNextCreate() {
    String user = "u_" + UUID.randomUUID();
    sessions.create(session(user, Duration.ofMinutes(1)));
    sessions.create(session(user, Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    Session fresh = session(user, Duration.ofMinutes(30));
    sessions.create(fresh);
    assertThat(userIndex(user)).containsOnlyKeys(fresh.id());
  }

  @Test
  void throttleKeepsOnlyTheCurrentAndPreviousBucket() {
    String key = "login:ip:" + UUID.randomUUID();
    for (long bucket = 100; bucket < 110; bucket++) {
      throttles.reserve(key, new ThrottleStore.Slot(bucket, 0, Duration.ofSeconds(150).toMillis()), 100);
    }
    List<String> buckets = redis.connection.call("hkeys", c -> c.hkeys(redis.connection.prefix() + "t:" + key));
    assertThat(buckets).containsExactlyInAnyOrder("108", "109");
    assertThat(pttl("t:" + key)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
  }

  private Session session(String userId, Duration idle) {
    Instant now = clock.instant();
    return new Session("s_" + UUID.randomUUID(), userId, "hash-" + UUID.randomUUID(), now, now, now,
        now.plus(idle), now.plus(Duration.ofDays(7)), 0, 0, "Mozilla/5.0 (test) | with a bar", "2001:db8::1|%");
  }

  private Map<String, String> userIndex(String userId) {
    return redis.connection.call("hgetall", c -> c.hgetall(redis.connection.prefix() + "u:" + userId));
  }

  private static Map.Entry<String, String> entry(String id, String tokenHash, Instant expiresAt) {
    return Map.entry(id, tokenHash + "|" + Long.toString(expiresAt.toEpochMilli(), 36));
  }

  private boolean exists(String key) {
    return redis.connection.call("exists", c -> c.exists(redis.connection.prefix() + key)) == 1;
  }

  private Duration pttl(String key) {
    return Duration.ofMillis(redis.connection.call("pttl", c -> c.pttl(redis.connection.prefix() + key)));
  }
}
