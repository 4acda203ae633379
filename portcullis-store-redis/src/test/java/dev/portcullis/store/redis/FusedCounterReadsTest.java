package dev.portcullis.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.session.Session;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.ChangeCounters;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.DenyList;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the account change counters live in the same Redis, a session read for validation and a
 * deny-list check bring the account's counter along in the same round trip, and it is the value
 * {@link RedisChangeCounters} itself reads.
 */
class FusedCounterReadsTest {
  @RegisterExtension
  static final TestRedis.PerClass redis = new TestRedis.PerClass();

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

  private Session session(String userId, String hash) {
    Instant now = clock.instant();
    return new Session("s_" + hash, userId, hash, now, now, now, now.plus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)), 0, 0, "curl/8", "203.0.113.9");
  }

  private static String name(String userId) {
    return CachingAccountStore.COUNTER_NAMESPACE + userId;
  }

  @Test
  void aSessionReadForValidationCarriesItsUsersCounter() {
    ChangeCounters counters = new RedisChangeCounters(redis.connection());
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock, true);
    store.create(session("u_fused1", "hash-1"));
    OptionalLong before = counters.current(name("u_fused1"));
    SessionStore.Found found = store.findForValidation("hash-1").orElseThrow();
    assertThat(found.session().userId()).isEqualTo("u_fused1");
    assertThat(found.accountCounter()).isEqualTo(before);

    counters.advance(name("u_fused1"));
    assertThat(store.findForValidation("hash-1").orElseThrow().accountCounter())
        .isEqualTo(counters.current(name("u_fused1"))).isNotEqualTo(before);
  }

  @Test
  void aMissingCounterOrAnIdJavaAndLuaWouldNumberDifferentlyGivesNoCounter() {
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock, true);
    store.create(session("u_nocounter", "hash-2"));
    assertThat(store.findForValidation("hash-2").orElseThrow().accountCounter()).as("never read, never started").isEmpty();

    // Lua numbers UTF-8 bytes, Java UTF-16 units: a non-ASCII id may get another counter, never a wrong one
    ChangeCounters counters = new RedisChangeCounters(redis.connection());
    String odd = "u_\u00e9t\u00e9";
    counters.advance(name(odd));
    store.create(session(odd, "hash-3"));
    SessionStore.Found found = store.findForValidation("hash-3").orElseThrow();
    found.accountCounter().ifPresent(v -> assertThat(v).isEqualTo(counters.current(name(odd)).getAsLong()));
  }

  @Test
  void withoutCountersInThisRedisTheReadIsThePlainOne() {
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock);
    store.create(session("u_plain", "hash-4"));
    assertThat(store.findForValidation("hash-4").orElseThrow().accountCounter()).isEmpty();
    assertThat(store.findForValidation("no-such-hash")).isEmpty();
    assertThat(new RedisSessionStore(redis.connection(), clock, true).findForValidation("no-such-hash")).isEmpty();
  }

  @Test
  void anExpiredSessionReadsAsAbsentThroughTheFusedReadToo() {
    RedisSessionStore store = new RedisSessionStore(redis.connection(), clock, true);
    store.create(session("u_exp", "hash-5"));
    clock.advance(Duration.ofHours(1));
    assertThat(store.findForValidation("hash-5")).isEmpty();
  }

  @Test
  void aDenyListCheckCarriesTheAccountCounterAndStillJudgesTheTokenAndItsFamily() {
    ChangeCounters counters = new RedisChangeCounters(redis.connection());
    RedisDenyList deny = new RedisDenyList(redis.connection(), clock, true);
    OptionalLong current = counters.current(name("u_jwt"));
    DenyList.Check ok = deny.check("jti-1", "fam-1", "u_jwt");
    assertThat(ok.denied()).isFalse();
    assertThat(ok.accountCounter()).isEqualTo(current);

    deny.denyFamily("fam-1", clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(deny.check("jti-1", "fam-1", "u_jwt").denied()).isTrue();
    deny.deny("jti-2", clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(deny.check("jti-2", null, "u_jwt").denied()).isTrue();
    assertThat(deny.check("jti-3", null, "u_jwt").denied()).isFalse();
    assertThat(deny.check("jti-3", null, null).accountCounter()).as("a client's token names no account").isEmpty();
    assertThat(new RedisDenyList(redis.connection(), clock).check("jti-3", "fam-1", "u_jwt"))
        .isEqualTo(new DenyList.Check(true, OptionalLong.empty()));
  }
}
