package dev.portcullis.store.jdbc;

import dev.portcullis.token.DenyList;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The access-token deny list in table {@code access_token_denylist} (migration V2): a row per
 * denied {@code jti}, and a row per denied refresh family under {@link DenyList#familyKey}.
 */
public final class JdbcDenyList implements DenyList, dev.portcullis.store.Purgeable {
  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcDenyList(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  /**
   * Update-then-insert rather than an upsert: {@code ON CONFLICT … DO UPDATE} is PostgreSQL-only
   * and H2's MERGE differs; a lost insert race just retries the update.
   */
  @Override
  public void deny(String jti, Instant until) {
    jdbc.withConnection("deny access token", c -> {
      if (extend(c, jti, until) == 0 && !Jdbc.insertUnlessDuplicate(c,
          "INSERT INTO access_token_denylist (jti, expires_at) VALUES (?, ?)", jti, until)) {
        extend(c, jti, until);
      }
      return null;
    });
  }

  private static int extend(Connection c, String jti, Instant until) throws SQLException {
    int n = Jdbc.update(c, "UPDATE access_token_denylist SET expires_at = ? WHERE jti = ? AND expires_at < ?",
        until, jti, until);
    if (n > 0) {
      return n;
    }
    // a row with a later expiry also counts as done
    return Jdbc.queryOne(c, "SELECT 1 FROM access_token_denylist WHERE jti = ?", rs -> 1, jti).orElse(0);
  }

  /** One query for the token and its family: this runs on every access-token verification. */
  @Override
  public boolean isDenied(String jti, String familyId) {
    if (familyId == null) {
      return jdbc.queryOne("check deny list", "SELECT 1 FROM access_token_denylist WHERE jti = ? AND expires_at > ?",
          rs -> true, jti, clock.millis()).isPresent();
    }
    return jdbc.queryOne("check deny list",
        "SELECT 1 FROM access_token_denylist WHERE jti IN (?, ?) AND expires_at > ?",
        rs -> true, jti, DenyList.familyKey(familyId), clock.millis()).isPresent();
  }

  @Override
  public int purgeExpired() {
    return jdbc.update("purge deny list", "DELETE FROM access_token_denylist WHERE expires_at <= ?", clock.millis());
  }
}
