package dev.portcullis.token;

import dev.portcullis.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.AuthenticationException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
  private static final byte[] KEK = Base64.getUrlDecoder().decode(Tokens.secret256());

  private static List<Map<String, Object>> jwks(SigningKeys keys) {
    return keys.publicJwks();
  }

  @Test
  void firstStartGeneratesOneKeyAndLaterStartsReuseIt() {
    TestClock clock = new TestClock();
    InMemorySigningKeyStore store = new InMemorySigningKeyStore(clock);
    TokenPolicy policy = TokenPolicy.defaults("https://a");
    SigningKeys first = new SigningKeys(store, policy, clock, null);
    first.load();
    SigningKeys second = new SigningKeys(store, policy, clock, null);
    second.load();
    assertThat(store.list()).hasSize(1);
    assertThat(second.active().kid()).isEqualTo(first.active().kid());
  }

  @Test
  void jwksPublishesOnlyPublicHalvesWithKidAlgAndUse() {
    TokenFixture fx = new TokenFixture(p -> p.withAlgorithm(SigningAlgorithm.EDDSA));
    Map<String, Object> jwk = jwks(fx.keys).get(0);
    assertThat(jwk).containsEntry("kid", fx.keys.active().kid()).containsEntry("alg", "EdDSA")
        .containsEntry("use", "sig").doesNotContainKey("d");
  }

  @Test
  void privateKeyIsSealedWhenAKeyEncryptionKeyIsGiven() {
    TestClock clock = new TestClock();
    InMemorySigningKeyStore store = new InMemorySigningKeyStore(clock);
    TokenPolicy policy = TokenPolicy.defaults("https://a");
    new SigningKeys(store, policy, clock, KEK).load();
    SigningKey stored = store.list().get(0);
    assertThat(stored.privateKey()).startsWith("aesgcm:").doesNotContain("\"d\"");

    SigningKeys sameKek = new SigningKeys(store, policy, clock, KEK.clone());
    sameKek.load();
    assertThat(sameKek.active().kid()).isEqualTo(stored.kid());

    byte[] otherKek = Base64.getUrlDecoder().decode(Tokens.secret256());
    assertThatThrownBy(() -> new SigningKeys(store, policy, clock, otherKek).load())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PORTCULLIS_KEY_ENCRYPTION_KEY")
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(otherKek));
    assertThatThrownBy(() -> new SigningKeys(store, policy, clock, null).load())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sealedUnderSealsAKeyStoredInClearSoThatOnlyTheKekOpensIt() {
    TestClock clock = new TestClock();
    TokenPolicy policy = TokenPolicy.defaults("https://a");
    SigningKey clear = new SigningKeys(new InMemorySigningKeyStore(clock), policy, clock, null).generate(clock.instant());
    assertThat(SigningKeys.isStoredInClear(clear.privateKey())).isTrue();

    String sealed = SigningKeys.sealedUnder(KEK, clear.kid(), clear.privateKey());
    assertThat(sealed).startsWith("aesgcm:").doesNotContain("\"d\"");
    assertThat(SigningKeys.isStoredInClear(sealed)).isFalse();
    // a second run leaves it as it is, having checked that it opens under the same key
    assertThat(SigningKeys.sealedUnder(KEK.clone(), clear.kid(), sealed)).isEqualTo(sealed);
    byte[] otherKek = Base64.getUrlDecoder().decode(Tokens.secret256());
    assertThatThrownBy(() -> SigningKeys.sealedUnder(otherKek, clear.kid(), sealed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PORTCULLIS_KEY_ENCRYPTION_KEY differs");
    // the kid is the associated data: the ciphertext does not open as another key's
    assertThatThrownBy(() -> SigningKeys.sealedUnder(KEK, "another-kid", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyEncryptionKeyMustBe32BytesOfBase64() {
    assertThat(SigningKeys.parseKeyEncryptionKey(Base64.getEncoder().encodeToString(KEK))).isEqualTo(KEK);
    assertThat(SigningKeys.parseKeyEncryptionKey(Base64.getUrlEncoder().withoutPadding().encodeToString(KEK))).isEqualTo(KEK);
    assertThatThrownBy(() -> SigningKeys.parseKeyEncryptionKey("c2hvcnQ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("c2hvcnQ");
  }

  @Test
  void rotationKeepsOldTokensValidAndTheRetiredKeyLeavesTheJwksAfterItsWindow() {
    TokenFixture fx = new TokenFixture();
    Account alice = fx.user();
    Client app = fx.client(ClientType.MOBILE);
    String oldKid = fx.keys.active().kid();
    String oldToken = fx.issuer.issueForUser(alice, app, Set.of(), null).token();

    String newKid = fx.keys.rotate().kid();
    assertThat(newKid).isNotEqualTo(oldKid);
    fx.clock.advance(fx.policy.keyPrePublication());
    assertThat(fx.keys.active().kid()).isEqualTo(newKid);
    String newToken = fx.issuer.issueForUser(alice, app, Set.of(), null).token();
    assertThat(fx.verifier.verify(newToken).kid()).isEqualTo(newKid);
    assertThat(fx.verifier.verify(oldToken).kid()).isEqualTo(oldKid);
    assertThat(jwks(fx.keys)).extracting(k -> k.get("kid")).containsExactlyInAnyOrder(oldKid, newKid);

    // retired at the new key's activation, published 15 min + leeway + key refresh beyond it
    Duration window = fx.policy.retiredKeyPublication();
    fx.clock.advance(window.minusSeconds(1));
    assertThat(jwks(fx.keys)).extracting(k -> k.get("kid")).contains(oldKid);
    fx.clock.advance(Duration.ofMinutes(2));
    assertThat(jwks(fx.keys)).extracting(k -> k.get("kid")).containsExactly(newKid);
    assertThatThrownBy(() -> fx.verifier.verify(oldToken)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void anotherInstanceSeesARotationThroughTheSharedStore() {
    TokenFixture fx = new TokenFixture();
    SigningKeys other = new SigningKeys(fx.keyStore, fx.policy, fx.clock, null);
    other.load();
    String kid = other.rotate().kid();
    // the unknown kid makes this instance re-read the store (at most every few seconds)
    fx.clock.advance(Duration.ofSeconds(6));
    assertThat(fx.keys.verificationKey(kid)).isPresent();
    fx.clock.advance(fx.policy.keyPrePublication());
    assertThat(fx.keys.active().kid()).isEqualTo(kid);
  }

  @Test
  void twoInstancesGeneratingAtOnceAgreeOnOneActiveKey() {
    TestClock clock = new TestClock();
    InMemorySigningKeyStore store = new InMemorySigningKeyStore(clock);
    TokenPolicy policy = TokenPolicy.defaults("https://a");
    store.insert(new SigningKeys(new InMemorySigningKeyStore(clock), policy, clock, null).generate(clock.instant()));
    store.insert(new SigningKeys(new InMemorySigningKeyStore(clock), policy, clock, null).generate(clock.instant()));
    SigningKeys a = new SigningKeys(store, policy, clock, null);
    a.load();
    SigningKeys b = new SigningKeys(store, policy, clock, null);
    b.load();
    assertThat(a.active().kid()).isEqualTo(b.active().kid());
    assertThat(store.list().stream().filter(SigningKey::isActive)).hasSize(1);
  }
}
