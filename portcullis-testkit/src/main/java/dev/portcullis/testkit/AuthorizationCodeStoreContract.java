package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.store.Purgeable;
import dev.portcullis.token.AuthorizationCode;
import dev.portcullis.token.AuthorizationCodeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuthorizationCodeStore} must do (and, being {@link Purgeable}, purge): single use
 * under racing redemptions, replay marking that keeps the first instant and names the family, and
 * expiry by {@code retainUntil}. {@link #clientId()} and {@link #createUser} are for backends with
 * foreign keys.
 */
public abstract class AuthorizationCodeStoreContract {
  protected MutableClock clock;
  protected AuthorizationCodeStore store;

  protected abstract AuthorizationCodeStore newStore(MutableClock clock);

  protected String clientId() {
    return "c_contract";
  }

  protected void createUser(String userId) {}

  @BeforeEach
  void setUpStore() {
    clock = new MutableClock();
    store = newStore(clock);
  }

  protected AuthorizationCode code() {
    String userId = Tokens.handle("u_");
    createUser(userId);
    Instant now = clock.instant();
    return new AuthorizationCode(Tokens.sha256(Tokens.secret256()), clientId(), userId, "http://127.0.0.1:49152/cb",
        Tokens.sha256("verifier"), Set.of("read", "write"), 4, now, now.plusSeconds(60), now.plusSeconds(600),
        null, null, null);
  }

  @Test
  void createdCodeIsFoundWithEveryField() {
    AuthorizationCode c = code();
    store.create(c);
    assertThat(store.findByHash(c.codeHash())).contains(c);
    assertThat(store.findByHash(Tokens.sha256("other"))).isEmpty();
  }

  @Test
  void consumeWinsOnceAndRecordsTheFamily() {
    AuthorizationCode c = code();
    store.create(c);
    Instant at = clock.instant().plusSeconds(1);
    assertThat(store.consume(c.codeHash(), "f_one", at)).isTrue();
    assertThat(store.consume(c.codeHash(), "f_two", at)).isFalse();
    AuthorizationCode used = store.findByHash(c.codeHash()).orElseThrow();
    assertThat(used.usedAt()).isEqualTo(at);
    assertThat(used.familyId()).isEqualTo("f_one");
    assertThat(store.consume(Tokens.sha256("unknown"), "f_x", at)).isFalse();
  }

  @Test
  void racingRedemptionsHaveExactlyOneWinner() throws Exception {
    AuthorizationCode c = code();
    store.create(c);
    long winners = Race.times(8, () -> store.consume(c.codeHash(), Tokens.handle("f_"), clock.instant()))
        .stream().filter(Boolean::booleanValue).count();
    assertThat(winners).isEqualTo(1);
  }

  @Test
  void replayIsMarkedOnceOnAUsedCodeOnly() {
    AuthorizationCode c = code();
    store.create(c);
    assertThat(store.markReplayed(c.codeHash(), clock.instant()).orElseThrow().replayedAt())
        .as("an unused code is not a replay").isNull();
    store.consume(c.codeHash(), "f_one", clock.instant());
    Instant first = clock.instant().plusSeconds(2);
    AuthorizationCode marked = store.markReplayed(c.codeHash(), first).orElseThrow();
    assertThat(marked.replayedAt()).isEqualTo(first);
    assertThat(marked.familyId()).isEqualTo("f_one");
    assertThat(store.markReplayed(c.codeHash(), first.plusSeconds(5)).orElseThrow().replayedAt()).isEqualTo(first);
    assertThat(store.markReplayed(Tokens.sha256("unknown"), first)).isEmpty();
  }

  @Test
  void aCodePastItsRetentionReadsAsAbsentAndIsPurged() {
    AuthorizationCode c = code();
    store.create(c);
    clock.advance(Duration.ofSeconds(599));
    assertThat(store.findByHash(c.codeHash())).as("expired but still remembered for replays").isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.findByHash(c.codeHash())).isEmpty();
    assertThat(store.consume(c.codeHash(), "f_late", clock.instant())).isFalse();
    assertThat(((Purgeable) store).purgeExpired()).isEqualTo(1);
    assertThat(((Purgeable) store).purgeExpired()).isZero();
  }
}
