package dev.portcullis.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A browser's long User-Agent is stored once, in a shared content-addressed key, and referenced by
 * every session that carries it; records written before (inline User-Agent, authTime always
 * present) still read and still work through touch and rotation.
 */
class UserAgentInterningTest {
  static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
  @RegisterExtension
  static final TestRedis.PerClass redis = new TestRedis.PerClass();
  private final MutableClock clock = new MutableClock();

  private Session session(String userId, String userAgent, Duration idle) {
    Instant now = clock.instant();
    return new Session("s_" + UUID.randomUUID(), userId, "hash-" + UUID.randomUUID(), now, now, now, now.plus(idle),
        now.plus(Duration.ofDays(7)), 0, 3, userAgent, "203.0.113.9");
  }

  @Test
  void aLongUserAgentIsStoredOnceAndSharedByItsSessions() {
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock);
    Session a = session("u_" + UUID.randomUUID(), CHROME, Duration.ofMinutes(30));
    Session b = session("u_" + UUID.randomUUID(), CHROME, Duration.ofMinutes(60));
    store.create(a);
    store.create(b);

    String ref = UserAgents.ref(CHROME);
    assertThat(get("s:" + a.tokenHash())).endsWith("|#" + ref).doesNotContain("Mozilla");
    assertThat(get("a:" + ref)).isEqualTo(CHROME);
    assertThat(pttl("a:" + ref)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));
    // a new instance, with nothing cached, reads the text from Redis
    RedisSessionStore other = new RedisSessionStore(redis.connection(), clock);
    assertThat(other.findByTokenHash(a.tokenHash())).contains(a);
    assertThat(new RedisSessionStore(redis.connection(), clock).listByUser(b.userId())).containsExactly(b);
  }

  @Test
  void touchKeepsTheSharedUserAgentAliveAsLongAsItsSession() {
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock);
    String agent = CHROME + " touch/" + UUID.randomUUID();
    Session s = session("u_" + UUID.randomUUID(), agent, Duration.ofMinutes(30));
    store.create(s);
    clock.advance(Duration.ofMinutes(20));
    Instant seen = clock.instant();
    assertThat(store.touch(s.userId(), s.id(), seen, seen.plus(Duration.ofHours(3)))).isTrue();
    assertThat(pttl("a:" + UserAgents.ref(agent))).isGreaterThan(Duration.ofMinutes(179));
  }

  @Test
  void shortUserAgentsStayInlineAndAuthTimeIsOmittedOnlyWhenItIsTheCreation() {
    Instant now = clock.instant();
    Session reauth = new Session("s_1", "u_1", "h", now, now.plusSeconds(5), now, now.plusSeconds(60),
        now.plusSeconds(600), 0, 0, "curl/8.5.0", null);
    String record = SessionCodec.encode(reauth);
    assertThat(record).endsWith("|=curl/8.5.0").contains("|" + SessionCodec.b36(now.plusSeconds(5)) + "|");
    assertThat(SessionCodec.decode("h", record)).isEqualTo(reauth);
    Session plain = session("u_1", null, Duration.ofMinutes(1));
    assertThat(SessionCodec.encode(plain)).contains("|" + SessionCodec.b36(now) + "||");
    assertThat(SessionCodec.decode(plain.tokenHash(), SessionCodec.encode(plain))).isEqualTo(plain);
  }

  @Test
  void aRecordWithTheUserAgentInlineStillReadsTouchesAndRotates() {
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock);
    Session s = session("u_" + UUID.randomUUID(), CHROME, Duration.ofMinutes(30));
    // as the codec wrote it before interning: every field present, the User-Agent inline
    String old = String.join("|", SessionCodec.b36(s.expiresAt()), SessionCodec.b36(s.lastSeenAt()), "0", s.id(),
        s.userId(), SessionCodec.b36(s.createdAt()), SessionCodec.b36(s.authTime()),
        SessionCodec.b36(s.absoluteExpiresAt()), "3", "=203.0.113.9", "=" + CHROME);
    SessionCodecTest.seed(redis.connection(), s, old);

    assertThat(store.findByTokenHash(s.tokenHash())).contains(s);
    clock.advance(Duration.ofMinutes(5));
    Instant seen = clock.instant();
    assertThat(store.touch(s.userId(), s.id(), seen, seen.plus(Duration.ofMinutes(30)))).isTrue();
    assertThat(store.rotateToken(s.userId(), s.id(), s.tokenHash(), "fresh-" + s.tokenHash(), 1)).isTrue();
    assertThat(store.listByUser(s.userId())).containsExactly(
        s.withLastSeen(seen, seen.plus(Duration.ofMinutes(30))).withToken("fresh-" + s.tokenHash(), 1));
  }

  @Test
  void aMissingOrForgedSharedUserAgentReadsAsUnknownButTheSessionStillValidates() {
    RedisSessionStore writer = new RedisSessionStore(redis.connection(), clock);
    String agent = CHROME + " gone/" + UUID.randomUUID();
    Session s = session("u_" + UUID.randomUUID(), agent, Duration.ofMinutes(30));
    writer.create(s);
    String key = "a:" + UserAgents.ref(agent);

    redis.connection().call("forge", c -> c.set(redis.connection().prefix() + key, "Evil/1.0 " + agent));
    assertThat(new RedisSessionStore(redis.connection(), clock).findByTokenHash(s.tokenHash()))
        .hasValueSatisfying(found -> assertThat(found.userAgent()).isNull());

    redis.connection().call("drop", c -> c.del(redis.connection().prefix() + key));
    Session unknown = new RedisSessionStore(redis.connection(), clock).findByTokenHash(s.tokenHash()).orElseThrow();
    assertThat(unknown.userAgent()).isNull();
    assertThat(unknown.id()).isEqualTo(s.id());
    assertThat(unknown.tokenVersion()).isEqualTo(3);
  }

  private String get(String key) {
    return redis.connection().call("get", c -> c.get(redis.connection().prefix() + key));
  }

  private Duration pttl(String key) {
    return Duration.ofMillis(redis.connection().call("pttl", c -> c.pttl(redis.connection().prefix() + key)));
  }
}
