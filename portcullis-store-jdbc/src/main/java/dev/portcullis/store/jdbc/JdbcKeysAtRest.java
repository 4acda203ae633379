package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.token.SigningKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The private signing keys ({@code signing_keys}) and server secrets ({@code server_secrets}) that
 * are stored in clear, and, for {@code portcullis migrate}, their encryption under the
 * key-encryption key. The stored text says which rows are sealed ({@code aesgcm:…} and
 * {@code enc:v1:…}), so no schema change is needed and a second run finds nothing to do.
 */
public final class JdbcKeysAtRest {
  /** How many private signing keys and server secrets are, or were, stored in clear. */
  public record Count(int signingKeys, int secrets) {
    public int total() {
      return signingKeys + secrets;
    }
  }

  private record Row(String id, String stored) {}

  private final Jdbc jdbc;

  public JdbcKeysAtRest(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** What is stored in clear now; changes nothing. */
  public Count inClear() {
    return jdbc.withConnection("count keys stored in clear", c -> new Count(
        (int) signingKeys(c, "").stream().filter(r -> SigningKeys.isStoredInClear(r.stored())).count(),
        (int) secrets(c, "").stream().filter(r -> !SealedSecretStore.isSealed(r.stored())).count()));
  }

  /**
   * Seals under {@code kek}, in one transaction, every private signing key and server secret stored
   * in clear, and returns how many it sealed. Every row already sealed must open under {@code kek}:
   * if one does not (another KEK), an {@link IllegalStateException} rolls everything back, so the
   * store never holds keys sealed under two KEKs.
   */
  public Count seal(byte[] kek) {
    return jdbc.inTransaction("encrypt keys stored in clear", c -> {
      // FOR UPDATE: an instance starting meanwhile waits rather than reading a row mid-change
      int keys = 0;
      for (Row r : signingKeys(c, " FOR UPDATE")) {
        String sealed = SigningKeys.sealedUnder(kek, r.id(), r.stored());
        if (!sealed.equals(r.stored())) {
          keys += Jdbc.update(c, "UPDATE signing_keys SET private_key = ? WHERE kid = ? AND private_key = ?",
              sealed, r.id(), r.stored());
        }
      }
      int secrets = 0;
      for (Row r : secrets(c, " FOR UPDATE")) {
        if (SealedSecretStore.isSealed(r.stored())) {
          SealedSecretStore.open(kek, r.id(), r.stored());
        } else {
          secrets += Jdbc.update(c, "UPDATE server_secrets SET secret = ? WHERE name = ? AND secret = ?",
              SealedSecretStore.seal(kek, r.id(), r.stored()), r.id(), r.stored());
        }
      }
      return new Count(keys, secrets);
    });
  }

  private static List<Row> signingKeys(Connection c, String lock) throws SQLException {
    return Jdbc.query(c, "SELECT kid, private_key FROM signing_keys ORDER BY kid" + lock,
        rs -> new Row(rs.getString(1), rs.getString(2)));
  }

  private static List<Row> secrets(Connection c, String lock) throws SQLException {
    return Jdbc.query(c, "SELECT name, secret FROM server_secrets ORDER BY name" + lock,
        rs -> new Row(rs.getString(1), rs.getString(2)));
  }
}
