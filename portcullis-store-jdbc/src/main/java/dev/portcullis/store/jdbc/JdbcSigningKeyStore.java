package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.Jdbc.instant;

import dev.portcullis.token.SigningKey;
import dev.portcullis.token.SigningKeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** Signing keys in table {@code signing_keys} (migrations V2 and V4), shared by every instance. */
public final class JdbcSigningKeyStore implements SigningKeyStore, dev.portcullis.store.Purgeable {
  private static final String COLUMNS = "kid, alg, public_jwk, private_key, created_at, activates_at, retired_at, publish_until";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcSigningKeyStore(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  @Override
  public boolean insert(SigningKey key) {
    return jdbc.insertUnlessDuplicate("insert signing key",
        "INSERT INTO signing_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        key.kid(), key.algorithm(), key.publicJwk(), key.privateKey(), key.createdAt(), key.activatesAt(),
        Jdbc.nullable(key.retiredAt()), Jdbc.nullable(key.publishUntil()));
  }

  @Override
  public List<SigningKey> list() {
    return jdbc.query("list signing keys", "SELECT " + COLUMNS + " FROM signing_keys"
        + " WHERE publish_until IS NULL OR publish_until > ? ORDER BY created_at, kid",
        JdbcSigningKeyStore::map, clock.millis());
  }

  @Override
  public boolean retire(String kid, Instant retiredAt, Instant publishUntil) {
    return jdbc.update("retire signing key",
        "UPDATE signing_keys SET retired_at = ?, publish_until = ? WHERE kid = ? AND retired_at IS NULL",
        retiredAt, publishUntil, kid) == 1;
  }

  @Override
  public boolean withdraw(String kid, Instant at) {
    return jdbc.update("withdraw signing key", """
        UPDATE signing_keys SET publish_until = ?,
          retired_at = CASE WHEN retired_at IS NULL OR retired_at > ? THEN ? ELSE retired_at END
        WHERE kid = ? AND (publish_until IS NULL OR publish_until > ?)
        """, at, at, at, kid, at) == 1;
  }

  @Override
  public int purgeExpired() {
    return jdbc.update("purge signing keys",
        "DELETE FROM signing_keys WHERE publish_until IS NOT NULL AND publish_until <= ?", clock.millis());
  }

  private static SigningKey map(ResultSet rs) throws SQLException {
    return new SigningKey(rs.getString("kid"), rs.getString("alg"), rs.getString("public_jwk"),
        rs.getString("private_key"), instant(rs, "created_at"), instant(rs, "activates_at"),
        instant(rs, "retired_at"), instant(rs, "publish_until"));
  }
}
