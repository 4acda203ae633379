package dev.portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.SigningKeys;
import dev.portcullis.token.TokenPolicy;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What {@code portcullis migrate} does to keys stored in clear, on each SQL backend: it seals them
 * under the key-encryption key in one transaction, a second run finds nothing, and the sealed rows
 * open only with that key.
 */
abstract class KeysAtRestCases {
  static final byte[] KEK = Base64.getUrlDecoder().decode(Tokens.secret256());
  static final String CSRF = "csrf-hmac-key";

  final MutableClock clock = new MutableClock();
  final TokenPolicy policy = TokenPolicy.defaults("https://issuer.test");

  protected abstract DataSource dataSource();

  SigningKeys signingKeys(byte[] kek) {
    SigningKeys keys = new SigningKeys(new JdbcSigningKeyStore(dataSource(), clock), policy, clock, kek);
    keys.load();
    return keys;
  }

  SecretStore secrets(byte[] kek) {
    return new SealedSecretStore(new JdbcSecretStore(dataSource(), clock), kek);
  }

  List<String> column(String sql) {
    return new Jdbc(dataSource()).query("read column", sql, rs -> rs.getString(1));
  }

  @Test
  void sealEncryptsEveryKeyStoredInClearOnceAndASecondRunFindsNothing() {
    SigningKeys before = signingKeys(null);
    String retiredKid = before.active().kid();
    SigningKeys.Rotation rotation = before.rotate();
    String activeKid = rotation.kid();
    String csrfKey = secrets(null).getOrCreate(CSRF, Tokens.secret256());
    JdbcKeysAtRest keys = new JdbcKeysAtRest(dataSource());
    assertThat(keys.inClear()).isEqualTo(new JdbcKeysAtRest.Count(2, 1));

    assertThat(keys.seal(KEK)).isEqualTo(new JdbcKeysAtRest.Count(2, 1));

    assertThat(column("SELECT private_key FROM signing_keys")).hasSize(2)
        .allSatisfy(k -> assertThat(k).startsWith("aesgcm:").doesNotContain("\"d\""));
    assertThat(column("SELECT secret FROM server_secrets")).singleElement()
        .satisfies(s -> assertThat(s).startsWith("enc:v1:").doesNotContain(csrfKey));
    assertThat(keys.inClear()).isEqualTo(new JdbcKeysAtRest.Count(0, 0));
    assertThat(keys.seal(KEK)).as("idempotent").isEqualTo(new JdbcKeysAtRest.Count(0, 0));

    // the same keys, now only for whoever has the KEK (the rotated one signs once it activates)
    clock.set(rotation.activatesAt());
    SigningKeys after = signingKeys(KEK);
    assertThat(after.active().kid()).isEqualTo(activeKid);
    assertThat(after.verificationKey(retiredKid)).isPresent();
    assertThat(secrets(KEK).getOrCreate(CSRF, Tokens.secret256())).isEqualTo(csrfKey);
    assertThatThrownBy(() -> signingKeys(null)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PORTCULLIS_KEY_ENCRYPTION_KEY");
    assertThatThrownBy(() -> secrets(null).getOrCreate(CSRF, Tokens.secret256()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PORTCULLIS_KEY_ENCRYPTION_KEY");
  }

  @Test
  void sealUnderAnotherKekThanTheRowsAlreadySealedChangesNothing() {
    signingKeys(KEK);
    String csrfKey = secrets(null).getOrCreate(CSRF, Tokens.secret256());
    JdbcKeysAtRest keys = new JdbcKeysAtRest(dataSource());
    assertThat(keys.inClear()).isEqualTo(new JdbcKeysAtRest.Count(0, 1));

    byte[] other = Base64.getUrlDecoder().decode(Tokens.secret256());
    assertThatThrownBy(() -> keys.seal(other)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PORTCULLIS_KEY_ENCRYPTION_KEY differs");

    assertThat(keys.inClear()).as("rolled back").isEqualTo(new JdbcKeysAtRest.Count(0, 1));
    assertThat(column("SELECT secret FROM server_secrets")).containsExactly(csrfKey);
  }
}
