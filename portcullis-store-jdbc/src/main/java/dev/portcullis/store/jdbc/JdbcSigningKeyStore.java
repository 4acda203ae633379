package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.TokenJdbc.instant;
import static dev.portcullis.store.jdbc.TokenJdbc.millis;

import dev.portcullis.token.SigningKey;
import dev.portcullis.token.SigningKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Signing keys in table {@code signing_keys} (migrations V2 and V4), shared by every instance. */
public final class JdbcSigningKeyStore implements SigningKeyStore, dev.portcullis.store.Purgeable {
  private static final String COLUMNS = "kid, alg, public_jwk, private_key, created_at, activates_at, retired_at, publish_until";

  private final DataSource ds;
  private final Clock clock;

  public JdbcSigningKeyStore(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  @Override
  public boolean insert(SigningKey key) {
    return TokenJdbc.run(ds, "insert signing key", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO signing_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, key.kid());
        ps.setString(2, key.algorithm());
        ps.setString(3, key.publicJwk());
        ps.setString(4, key.privateKey());
        ps.setLong(5, millis(key.createdAt()));
        ps.setLong(6, millis(key.activatesAt()));
        TokenJdbc.setInstant(ps, 7, key.retiredAt());
        TokenJdbc.setInstant(ps, 8, key.publishUntil());
        return ps.executeUpdate() == 1;
      } catch (SQLException e) {
        if (TokenJdbc.isUniqueViolation(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  public List<SigningKey> list() {
    return TokenJdbc.run(ds, "list signing keys", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM signing_keys"
          + " WHERE publish_until IS NULL OR publish_until > ? ORDER BY created_at, kid")) {
        ps.setLong(1, millis(clock.instant()));
        try (ResultSet rs = ps.executeQuery()) {
          List<SigningKey> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new SigningKey(rs.getString("kid"), rs.getString("alg"), rs.getString("public_jwk"),
                rs.getString("private_key"), instant(rs, "created_at"), instant(rs, "activates_at"),
                instant(rs, "retired_at"), instant(rs, "publish_until")));
          }
          return out;
        }
      }
    });
  }

  @Override
  public boolean retire(String kid, Instant retiredAt, Instant publishUntil) {
    return TokenJdbc.run(ds, "retire signing key", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE signing_keys SET retired_at = ?, publish_until = ?"
          + " WHERE kid = ? AND retired_at IS NULL")) {
        ps.setLong(1, millis(retiredAt));
        ps.setLong(2, millis(publishUntil));
        ps.setString(3, kid);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean withdraw(String kid, Instant at) {
    return TokenJdbc.run(ds, "withdraw signing key", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE signing_keys SET publish_until = ?,"
          + " retired_at = CASE WHEN retired_at IS NULL OR retired_at > ? THEN ? ELSE retired_at END"
          + " WHERE kid = ? AND (publish_until IS NULL OR publish_until > ?)")) {
        long t = millis(at);
        ps.setLong(1, t);
        ps.setLong(2, t);
        ps.setLong(3, t);
        ps.setString(4, kid);
        ps.setLong(5, t);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int purgeExpired() {
    return TokenJdbc.run(ds, "purge signing keys", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM signing_keys WHERE publish_until IS NOT NULL AND publish_until <= ?")) {
        ps.setLong(1, millis(clock.instant()));
        return ps.executeUpdate();
      }
    });
  }
}
