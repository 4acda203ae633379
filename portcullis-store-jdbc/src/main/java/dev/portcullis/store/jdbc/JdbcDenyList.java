package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.TokenJdbc.millis;

import dev.portcullis.token.DenyList;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The access-token deny list in table {@code access_token_denylist} (migration V2): a row per
 * denied {@code jti}, and a row per denied refresh family under {@link DenyList#familyKey}.
 */
public final class JdbcDenyList implements DenyList, dev.portcullis.store.Purgeable {
  private final DataSource ds;
  private final Clock clock;

  public JdbcDenyList(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  /**
   * Update-then-insert rather than an upsert: {@code ON CONFLICT … DO UPDATE} is PostgreSQL-only
   * and H2's MERGE differs; a lost insert race just retries the update.
   */
  @Override
  public void deny(String jti, Instant until) {
    TokenJdbc.run(ds, "deny access token", c -> {
      if (extend(c, jti, until) == 0) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO access_token_denylist (jti, expires_at) VALUES (?, ?)")) {
          ps.setString(1, jti);
          ps.setLong(2, millis(until));
          ps.executeUpdate();
        } catch (SQLException e) {
          if (!TokenJdbc.isUniqueViolation(e)) {
            throw e;
          }
          extend(c, jti, until);
        }
      }
      return null;
    });
  }

  private static int extend(Connection c, String jti, Instant until) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE access_token_denylist SET expires_at = ? WHERE jti = ? AND expires_at < ?")) {
      ps.setLong(1, millis(until));
      ps.setString(2, jti);
      ps.setLong(3, millis(until));
      int n = ps.executeUpdate();
      if (n > 0) {
        return n;
      }
    }
    // a row with a later expiry also counts as done
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM access_token_denylist WHERE jti = ?")) {
      ps.setString(1, jti);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? 1 : 0;
      }
    }
  }

  /** One query for the token and its family: this runs on every access-token verification. */
  @Override
  public boolean isDenied(String jti, String familyId) {
    return TokenJdbc.run(ds, "check deny list", c -> {
      try (PreparedStatement ps = c.prepareStatement(familyId == null
          ? "SELECT 1 FROM access_token_denylist WHERE jti = ? AND expires_at > ?"
          : "SELECT 1 FROM access_token_denylist WHERE jti IN (?, ?) AND expires_at > ?")) {
        int i = 1;
        ps.setString(i++, jti);
        if (familyId != null) {
          ps.setString(i++, DenyList.familyKey(familyId));
        }
        ps.setLong(i, millis(clock.instant()));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public int purgeExpired() {
    return TokenJdbc.run(ds, "purge deny list", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM access_token_denylist WHERE expires_at <= ?")) {
        ps.setLong(1, millis(clock.instant()));
        return ps.executeUpdate();
      }
    });
  }
}
