package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.Jdbc.instant;

import dev.portcullis.store.Purgeable;
import dev.portcullis.token.AuthorizationCode;
import dev.portcullis.token.AuthorizationCodeStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Authorization codes in {@code authorization_codes} (migration V6). Redemption is a conditional
 * UPDATE on {@code used_at IS NULL}: the row lock makes a concurrent second UPDATE re-check its WHERE
 * clause and match nothing, so exactly one redemption wins.
 */
public final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore, Purgeable {
  private static final String COLUMNS = "code_hash, client_id, user_id, redirect_uri, code_challenge, scopes,"
      + " token_version, created_at, expires_at, retain_until, used_at, family_id, replayed_at";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcAuthorizationCodeStore(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  @Override
  public void create(AuthorizationCode c) {
    jdbc.update("create authorization code", "INSERT INTO authorization_codes (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", c.codeHash(), c.clientId(), c.userId(), c.redirectUri(),
        c.codeChallenge(), Jdbc.scopes(c.scopes()), c.tokenVersion(), c.createdAt(), c.expiresAt(), c.retainUntil(),
        Jdbc.nullable(c.usedAt()), c.familyId(), Jdbc.nullable(c.replayedAt()));
  }

  @Override
  public Optional<AuthorizationCode> findByHash(String codeHash) {
    return jdbc.queryOne("find authorization code", "SELECT " + COLUMNS
        + " FROM authorization_codes WHERE code_hash = ? AND retain_until > ?", JdbcAuthorizationCodeStore::map,
        codeHash, clock.millis());
  }

  @Override
  public boolean consume(String codeHash, String familyId, Instant at) {
    return jdbc.update("redeem authorization code", "UPDATE authorization_codes SET used_at = ?, family_id = ?"
        + " WHERE code_hash = ? AND used_at IS NULL AND retain_until > ?", at, familyId, codeHash, clock.millis()) == 1;
  }

  @Override
  public Optional<AuthorizationCode> markReplayed(String codeHash, Instant at) {
    jdbc.update("mark authorization code replayed", "UPDATE authorization_codes SET replayed_at = ?"
        + " WHERE code_hash = ? AND used_at IS NOT NULL AND replayed_at IS NULL", at, codeHash);
    return findByHash(codeHash);
  }

  @Override
  public int purgeExpired() {
    return jdbc.update("purge authorization codes", "DELETE FROM authorization_codes WHERE retain_until <= ?",
        clock.millis());
  }

  private static AuthorizationCode map(ResultSet rs) throws SQLException {
    return new AuthorizationCode(rs.getString("code_hash"), rs.getString("client_id"), rs.getString("user_id"),
        rs.getString("redirect_uri"), rs.getString("code_challenge"), Jdbc.scopes(rs.getString("scopes")),
        rs.getLong("token_version"), instant(rs, "created_at"), instant(rs, "expires_at"),
        instant(rs, "retain_until"), instant(rs, "used_at"), rs.getString("family_id"), instant(rs, "replayed_at"));
  }
}
