package dev.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedSecretStoreTest {
  private static final byte[] KEK = Base64.getUrlDecoder().decode(Tokens.secret256());
  private static final String NAME = "csrf-hmac-key";

  private final InMemorySecretStore rows = new InMemorySecretStore();

  /** What a copy of the database holds under {@code name}. */
  private String stored(String name) {
    return rows.getOrCreate(name, "row-was-missing");
  }

  @Test
  void secretIsStoredSealedUnderTheKekAndEveryInstanceOpensItToTheSameValue() {
    String clear = Tokens.secret256();
    assertThat(new SealedSecretStore(rows, KEK).getOrCreate(NAME, clear)).isEqualTo(clear);

    assertThat(stored(NAME)).startsWith("enc:v1:" + SealedSecretStore.keyId(KEK) + ":").doesNotContain(clear);
    assertThat(new SealedSecretStore(rows, KEK.clone()).getOrCreate(NAME, Tokens.secret256())).isEqualTo(clear);
  }

  @Test
  void aCopyReadWithoutTheKekFailsClearlyInsteadOfYieldingAGarbledKey() {
    new SealedSecretStore(rows, KEK).getOrCreate(NAME, Tokens.secret256());
    assertThatThrownBy(() -> new SealedSecretStore(rows, null).getOrCreate(NAME, Tokens.secret256()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("server secret csrf-hmac-key is encrypted; set PORTCULLIS_KEY_ENCRYPTION_KEY to the key it was sealed with");
  }

  @Test
  void anotherKekIsNamedByItsIdAndNeverOpensTheSecret() {
    new SealedSecretStore(rows, KEK).getOrCreate(NAME, Tokens.secret256());
    byte[] other = Base64.getUrlDecoder().decode(Tokens.secret256());
    assertThatThrownBy(() -> new SealedSecretStore(rows, other).getOrCreate(NAME, Tokens.secret256()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SealedSecretStore.keyId(KEK)).hasMessageContaining(SealedSecretStore.keyId(other))
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(other));
  }

  @Test
  void aCiphertextMovedToAnotherSecretsRowDoesNotOpen() {
    new SealedSecretStore(rows, KEK).getOrCreate(NAME, Tokens.secret256());
    rows.getOrCreate("other-key", stored(NAME)); // the associated data is the name: this must not open
    assertThatThrownBy(() -> new SealedSecretStore(rows, KEK).getOrCreate("other-key", Tokens.secret256()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("moved from another row");
  }

  @Test
  void aSecretStoredInClearStillReadsOnceAKekIsSet() {
    String clear = new SealedSecretStore(rows, null).getOrCreate(NAME, Tokens.secret256());
    assertThat(stored(NAME)).isEqualTo(clear);
    assertThat(new SealedSecretStore(rows, KEK).getOrCreate(NAME, Tokens.secret256())).isEqualTo(clear);
  }

  @Test
  void sealingTwiceGivesDifferentCiphertextsOfOneSecret() {
    String a = SealedSecretStore.seal(KEK, NAME, "s");
    String b = SealedSecretStore.seal(KEK, NAME, "s");
    assertThat(a).isNotEqualTo(b);
    assertThat(SealedSecretStore.open(KEK, NAME, a)).isEqualTo(SealedSecretStore.open(KEK, NAME, b)).isEqualTo("s");
    assertThat(SealedSecretStore.isSealed(a)).isTrue();
    assertThat(SealedSecretStore.isSealed("s")).isFalse();
  }
}
