package dev.portcullis.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The session record carries the token version, and records written before it existed (ten fields,
 * no version) still decode, as version 0 (the rule of the SQL migration V3), through every script.
 */
class SessionCodecTest {
  private final MutableClock clock = new MutableClock();

  private Session session(long tokenVersion, String userAgent, String ip) {
    Instant now = clock.instant();
    return new Session("s_" + UUID.randomUUID(), "u_" + UUID.randomUUID(), "hash-" + UUID.randomUUID(), now,
        now.minusSeconds(3), now, now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(7)), 4, tokenVersion,
        userAgent, ip);
  }

  /** The record as the codec wrote it before the token version: ip and user agent right after absoluteExpiresAt. */
  private static String legacyRecord(Session s) {
    return String.join("|", SessionCodec.b36(s.expiresAt()), SessionCodec.b36(s.lastSeenAt()),
        Long.toString(s.privilegeVersion()), s.id(), s.userId(), SessionCodec.b36(s.createdAt()),
        SessionCodec.b36(s.authTime()), SessionCodec.b36(s.absoluteExpiresAt()),
        s.ip() == null ? "" : "=" + s.ip().replace("%", "%25").replace("|", "%7C"),
        s.userAgent() == null ? "" : "=" + s.userAgent());
  }

  @Test
  void tokenVersionRoundTripsBesideEveryOtherField() {
    for (Session s : new Session[] {session(0, "Mozilla | x", "2001:db8::1|%"), session(Long.MAX_VALUE, null, null),
        session(17, "", "")}) {
      assertThat(SessionCodec.decode(s.tokenHash(), SessionCodec.encode(s))).isEqualTo(s);
    }
  }

  @Test
  void aRecordWrittenBeforeTheTokenVersionDecodesAsVersionZero() {
    for (Session s : new Session[] {session(0, "Mozilla/5.0 | 7 | bars", "203.0.113.9"), session(0, null, null),
        session(0, "agent", null), session(0, null, "10.0.0.1|%")}) {
      assertThat(SessionCodec.decode(s.tokenHash(), legacyRecord(s))).isEqualTo(s);
    }
  }

  @Test
  void aLegacyRecordInRedisKeepsWorkingThroughTouchAndRotation() {
    try (TestRedis redis = TestRedis.open()) {
      RedisSessionStore store = new RedisSessionStore(redis.connection, clock);
      Session s = session(0, "Old/1.0 | agent", "198.51.100.4");
      seed(redis.connection, s, legacyRecord(s));

      assertThat(store.findByTokenHash(s.tokenHash())).contains(s);
      clock.advance(Duration.ofMinutes(5));
      Instant seen = clock.instant();
      assertThat(store.touch(s.userId(), s.id(), seen, seen.plus(Duration.ofMinutes(30)))).isTrue();
      String fresh = "hash-" + UUID.randomUUID();
      assertThat(store.rotateToken(s.userId(), s.id(), s.tokenHash(), fresh, 5)).isTrue();
      assertThat(store.findByTokenHash(fresh))
          .contains(s.withLastSeen(seen, seen.plus(Duration.ofMinutes(30))).withToken(fresh, 5));
      assertThat(store.listByUser(s.userId())).extracting(Session::tokenVersion).containsExactly(0L);
    }
  }

  /** Writes a session as an older codec did: its record as given, and its entry in the user's HASH. */
  static void seed(RedisConnection connection, Session s, String record) {
    String p = connection.prefix();
    connection.call("seed", c -> c.set(p + "s:" + s.tokenHash(), record));
    connection.call("seed", c -> c.hset(p + "u:" + s.userId(), s.id(), s.tokenHash() + "|" + SessionCodec.b36(s.expiresAt())));
  }
}
