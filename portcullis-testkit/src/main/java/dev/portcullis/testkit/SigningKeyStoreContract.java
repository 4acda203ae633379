package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.token.SigningKey;
import dev.portcullis.token.SigningKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SigningKeyStore} must do. Extend it with a factory for your backend. */
public abstract class SigningKeyStoreContract {
  protected MutableClock clock;
  protected SigningKeyStore store;

  /** A store that holds no keys yet: key rotation is global, so it must not see other tests' keys. */
  protected abstract SigningKeyStore newStore(MutableClock clock);

  @BeforeEach
  void setUpStore() {
    clock = new MutableClock();
    store = newStore(clock);
  }

  protected SigningKey key() {
    String kid = Tokens.random(12);
    return new SigningKey(kid, "ES256", "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}",
        "aesgcm:" + Tokens.random(300), clock.instant(), null, null);
  }

  @Test
  void insertedKeyIsListedWithEveryField() {
    SigningKey k = key();
    assertThat(store.insert(k)).isTrue();
    assertThat(store.list()).containsExactly(k);
  }

  @Test
  void duplicateKidIsRefused() {
    SigningKey k = key();
    store.insert(k);
    assertThat(store.insert(k)).isFalse();
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void listIsOldestFirst() {
    SigningKey a = key();
    store.insert(a);
    clock.advance(Duration.ofSeconds(1));
    SigningKey b = key();
    store.insert(b);
    assertThat(store.list()).containsExactly(a, b);
  }

  @Test
  void retireHappensOnceAndKeepsTheKeyPublishedUntilItsWindowEnds() {
    SigningKey k = key();
    store.insert(k);
    Instant until = clock.instant().plus(Duration.ofMinutes(16));
    assertThat(store.retire(k.kid(), clock.instant(), until)).isTrue();
    assertThat(store.retire(k.kid(), clock.instant(), until.plusSeconds(60))).isFalse();
    assertThat(store.list()).containsExactly(k.retired(clock.instant(), until));
    clock.advance(Duration.ofMinutes(16).minusMillis(1));
    assertThat(store.list()).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(store.list()).isEmpty();
  }

  @Test
  void retiringAnUnknownKeyReportsFalse() {
    assertThat(store.retire("nope", clock.instant(), clock.instant())).isFalse();
  }

  @Test
  void aKeyScheduledToActivateLaterKeepsItsActivationInstant() {
    SigningKey k = key();
    SigningKey scheduled = new SigningKey(k.kid(), k.algorithm(), k.publicJwk(), k.privateKey(), k.createdAt(),
        k.createdAt().plus(Duration.ofMinutes(7)), null, null);
    store.insert(scheduled);
    assertThat(store.list()).containsExactly(scheduled);
    assertThat(store.list().get(0).activatesAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));
  }

  @Test
  void aRetirementMayLieAheadAndTheKeyStaysListedMeanwhile() {
    SigningKey k = key();
    store.insert(k);
    Instant at = clock.instant().plus(Duration.ofMinutes(7));
    assertThat(store.retire(k.kid(), at, at.plus(Duration.ofMinutes(16)))).isTrue();
    assertThat(store.list()).containsExactly(k.retired(at, at.plus(Duration.ofMinutes(16))));
  }

  @Test
  void withdrawUnpublishesAKeyAtOnceWhetherOrNotItWasRetired() {
    SigningKey retired = key();
    SigningKey active = key();
    SigningKey other = key();
    store.insert(retired);
    store.insert(active);
    store.insert(other);
    store.retire(retired.kid(), clock.instant(), clock.instant().plus(Duration.ofMinutes(16)));
    assertThat(store.withdraw(retired.kid(), clock.instant())).isTrue();
    assertThat(store.withdraw(active.kid(), clock.instant())).isTrue();
    assertThat(store.list()).extracting(SigningKey::kid).containsExactly(other.kid());
    assertThat(store.withdraw(active.kid(), clock.instant())).isFalse();
    assertThat(store.withdraw("nope", clock.instant())).isFalse();
    assertThat(store.retire(active.kid(), clock.instant(), clock.instant().plus(Duration.ofMinutes(16)))).isFalse();
  }
}
