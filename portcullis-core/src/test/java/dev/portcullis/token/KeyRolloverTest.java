package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.AuthenticationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Key rollover that resource servers survive: a routinely rotated key is in the JWKS longer than
 * any cache of it may live before it signs, every instance switches at the stored instant, and an
 * emergency rotation cuts the old key off at once.
 */
class KeyRolloverTest {
  private final TokenFixture fx = new TokenFixture();
  private final Account alice = fx.user();
  private final Client app = fx.client(ClientType.MOBILE);

  private String token() {
    return fx.issuer.issueForUser(alice, app, Set.of(), null).token();
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  private List<Object> publishedKids() {
    return fx.keys.publicJwks().stream().map(k -> k.get("kid")).toList();
  }

  /** The JWKS document as a resource server fetches it: {@code {"keys": [...]}}. */
  private Map<String, Object> fetchJwks() {
    return Map.of("keys", fx.keys.publicJwks());
  }

  /** What a resource server does with a JWKS it has cached: verify by kid, nothing else. */
  private static boolean verifiesWith(Map<String, Object> cachedJwks, String token) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    JWK key = JWKSet.parse(cachedJwks).getKeyByKeyId(jwt.getHeader().getKeyID());
    if (key == null) {
      return false;
    }
    SigningAlgorithm alg = SigningAlgorithm.of(jwt.getHeader().getAlgorithm().getName());
    return jwt.verify(VerificationKey.of(key, alg).verifier());
  }

  @Test
  void afterRotateTheJwksHoldsBothKeysAndTheOldKeySignsUntilTheActivationInstant() throws Exception {
    String oldKid = fx.keys.active().kid();
    Instant rotatedAt = fx.clock.instant();
    SigningKeys.Rotation r = fx.keys.rotate();
    assertThat(r.activatesAt()).isEqualTo(rotatedAt.plus(fx.policy.keyPrePublication()));
    assertThat(fx.policy.keyPrePublication()).isGreaterThan(fx.policy.jwksMaxAge().plus(fx.policy.keyRefresh()));
    assertThat(publishedKids()).containsExactlyInAnyOrder(oldKid, r.kid());

    assertThat(kid(token())).isEqualTo(oldKid);
    fx.clock.set(r.activatesAt().minusMillis(1));
    assertThat(kid(token())).isEqualTo(oldKid);
    fx.clock.set(r.activatesAt());
    assertThat(kid(token())).isEqualTo(r.kid());
    assertThat(publishedKids()).containsExactlyInAnyOrder(oldKid, r.kid());
  }

  /** The failure real clients met: a JWKS fetched a moment before the rotation meets no unknown kid. */
  @Test
  void aJwksFetchedJustBeforeRotateVerifiesEveryTokenIssuedWhileItMayBeCached() throws Exception {
    Map<String, Object> cached = fetchJwks();
    fx.keys.rotate();
    assertThat(verifiesWith(cached, token())).isTrue();
    // cached for max-age, possibly fetched from an instance one key-refresh behind
    fx.clock.advance(fx.policy.jwksMaxAge().plus(fx.policy.keyRefresh()));
    assertThat(verifiesWith(cached, token())).isTrue();
  }

  @Test
  void aJwksFetchedRightAfterRotateVerifiesTokensIssuedAfterActivation() throws Exception {
    SigningKeys.Rotation r = fx.keys.rotate();
    Map<String, Object> fetched = fetchJwks();
    fx.clock.set(r.activatesAt().plusSeconds(1));
    String fresh = token();
    assertThat(kid(fresh)).isEqualTo(r.kid());
    assertThat(verifiesWith(fetched, fresh)).isTrue();
  }

  @Test
  void theOldKeyStaysPublishedUntilItsLastTokenHasExpired() throws Exception {
    String oldKid = fx.keys.active().kid();
    SigningKeys.Rotation r = fx.keys.rotate();
    fx.clock.set(r.activatesAt().minusSeconds(1));
    String last = token();
    assertThat(kid(last)).isEqualTo(oldKid);
    fx.clock.set(r.activatesAt().plus(fx.policy.accessTtl()).minusSeconds(2));
    assertThat(fx.verifier.verify(last).kid()).isEqualTo(oldKid);
    assertThat(publishedKids()).contains(oldKid);
    fx.clock.set(r.activatesAt().plus(fx.policy.retiredKeyPublication()).plusSeconds(1));
    assertThat(publishedKids()).containsExactly(r.kid());
  }

  @Test
  void rotationsInARowActivateInTheOrderTheyWereMade() throws Exception {
    String first = fx.keys.active().kid();
    SigningKeys.Rotation second = fx.keys.rotate();
    fx.clock.advance(Duration.ofMinutes(1));
    SigningKeys.Rotation third = fx.keys.rotate();
    assertThat(kid(token())).isEqualTo(first);
    fx.clock.set(second.activatesAt());
    assertThat(kid(token())).isEqualTo(second.kid());
    fx.clock.set(third.activatesAt());
    assertThat(kid(token())).isEqualTo(third.kid());
    assertThat(publishedKids()).containsExactlyInAnyOrder(first, second.kid(), third.kid());
  }

  /** A compromised key: the new one signs at once, the old one is unpublished and its tokens die. */
  @Test
  void emergencyRotationSignsAtOnceAndRefusesEveryEarlierToken() throws Exception {
    String before = token();
    Instant now = fx.clock.instant();
    SigningKeys.Rotation r = fx.keys.rotateImmediately();
    assertThat(r.activatesAt()).isEqualTo(now);
    assertThat(kid(token())).isEqualTo(r.kid());
    assertThat(publishedKids()).containsExactly(r.kid());
    assertThatThrownBy(() -> fx.verifier.verify(before)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void emergencyRotationAlsoWithdrawsAKeyStillWaitingToActivate() throws Exception {
    SigningKeys.Rotation pending = fx.keys.rotate();
    SigningKeys.Rotation emergency = fx.keys.rotateImmediately();
    assertThat(publishedKids()).containsExactly(emergency.kid());
    fx.clock.set(pending.activatesAt().plusSeconds(1));
    assertThat(kid(token())).isEqualTo(emergency.kid());
  }

  /** Every instance switches at the stored instant, not at its own next re-read of the store. */
  @Test
  void anotherInstanceSwitchesAtTheStoredInstantBetweenItsOwnReReads() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    SigningKeys other = new SigningKeys(new CountingStore(fx.keyStore, reads), fx.policy, fx.clock, null);
    other.load();
    String oldKid = other.active().kid();
    SigningKeys.Rotation r = fx.keys.rotate();
    // the other instance's last periodic re-read falls half a refresh interval before activation
    fx.clock.set(r.activatesAt().minus(fx.policy.keyRefresh().dividedBy(2)));
    assertThat(other.active().kid()).isEqualTo(oldKid);
    int readsBefore = reads.get();
    fx.clock.set(r.activatesAt());
    assertThat(other.active().kid()).isEqualTo(r.kid()).isEqualTo(fx.keys.active().kid());
    assertThat(reads.get()).isEqualTo(readsBefore);
  }

  private record CountingStore(SigningKeyStore store, AtomicInteger reads) implements SigningKeyStore {
    @Override
    public boolean insert(SigningKey key) {
      return store.insert(key);
    }

    @Override
    public List<SigningKey> list() {
      reads.incrementAndGet();
      return store.list();
    }

    @Override
    public boolean retire(String kid, Instant retiredAt, Instant publishUntil) {
      return store.retire(kid, retiredAt, publishUntil);
    }

    @Override
    public boolean withdraw(String kid, Instant at) {
      return store.withdraw(kid, at);
    }
  }
}
