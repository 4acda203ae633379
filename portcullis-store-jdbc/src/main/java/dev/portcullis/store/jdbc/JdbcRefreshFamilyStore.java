package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.Jdbc.instant;

import dev.portcullis.token.RefreshFamily;
import dev.portcullis.token.RefreshFamilyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Refresh families in {@code refresh_families}, with every rotated-out hash in {@code
 * refresh_token_history} (migrations V2, V3). Rotation is a conditional UPDATE on the current hash: the
 * row lock makes a concurrent second UPDATE re-check its WHERE clause and match nothing.
 */
public final class JdbcRefreshFamilyStore implements RefreshFamilyStore, dev.portcullis.store.Purgeable {
  private static final String COLUMNS = "f.id, f.user_id, f.client_id, f.scopes, f.token_version, f.current_hash,"
      + " f.previous_hash, f.rotated_at, f.grace_ciphertext, f.created_at, f.last_used_at, f.expires_at,"
      + " f.absolute_expires_at, f.user_agent, f.ip";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcRefreshFamilyStore(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  @Override
  public void create(RefreshFamily f) {
    jdbc.update("create refresh family", """
        INSERT INTO refresh_families (id, user_id, client_id, scopes, current_hash, previous_hash, rotated_at,
          grace_ciphertext, created_at, last_used_at, expires_at, absolute_expires_at, user_agent, ip, token_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, f.id(), f.userId(), f.clientId(), Jdbc.scopes(f.scopes()), f.currentHash(), f.previousHash(),
        Jdbc.nullable(f.rotatedAt()), f.graceCiphertext(), f.createdAt(), f.lastUsedAt(), f.expiresAt(),
        f.absoluteExpiresAt(), f.userAgent(), f.ip(), f.tokenVersion());
  }

  @Override
  public Optional<Match> findByHash(String tokenHash) {
    long now = clock.millis();
    return jdbc.withConnection("find refresh family by hash", c -> {
      Optional<Match> current = Jdbc.queryOne(c, "SELECT " + COLUMNS
          + " FROM refresh_families f WHERE f.current_hash = ? AND f.expires_at > ?",
          rs -> new Match(map(rs), true, null), tokenHash, now);
      if (current.isPresent()) {
        return current;
      }
      return Jdbc.queryOne(c, "SELECT " + COLUMNS + ", h.used_at"
          + " FROM refresh_token_history h JOIN refresh_families f ON f.id = h.family_id"
          + " WHERE h.token_hash = ? AND f.expires_at > ?",
          rs -> new Match(map(rs), false, instant(rs, "used_at")), tokenHash, now);
    });
  }

  @Override
  public boolean rotate(String familyId, String expectedHash, Rotation r) {
    return jdbc.inTransaction("rotate refresh token", c -> {
      if (Jdbc.update(c, """
          UPDATE refresh_families SET current_hash = ?, previous_hash = ?, rotated_at = ?, grace_ciphertext = ?,
            scopes = ?, last_used_at = ?, expires_at = ?
          WHERE id = ? AND current_hash = ? AND expires_at > ?
          """, r.newHash(), expectedHash, r.at(), r.graceCiphertext(), Jdbc.scopes(r.scopes()), r.at(),
          r.expiresAt(), familyId, expectedHash, clock.millis()) != 1) {
        return false;
      }
      Jdbc.update(c, "INSERT INTO refresh_token_history (token_hash, family_id, used_at) VALUES (?, ?, ?)",
          expectedHash, familyId, r.at());
      return true;
    });
  }

  @Override
  public Optional<RefreshFamily> findById(String familyId) {
    return jdbc.queryOne("find refresh family", "SELECT " + COLUMNS
        + " FROM refresh_families f WHERE f.id = ? AND f.expires_at > ?",
        JdbcRefreshFamilyStore::map, familyId, clock.millis());
  }

  @Override
  public List<RefreshFamily> listByUser(String userId) {
    return jdbc.query("list refresh families", "SELECT " + COLUMNS + " FROM refresh_families f"
        + " WHERE f.user_id = ? AND f.expires_at > ? ORDER BY f.created_at DESC, f.id",
        JdbcRefreshFamilyStore::map, userId, clock.millis());
  }

  /** Expired families are left to {@link #purgeExpired}: they already read as absent. */
  @Override
  public boolean delete(String userId, String familyId) {
    return update("revoke refresh family",
        "DELETE FROM refresh_families WHERE id = ? AND user_id = ? AND expires_at > ?", familyId, userId) > 0;
  }

  @Override
  public int deleteByUser(String userId) {
    return update("revoke refresh families of user",
        "DELETE FROM refresh_families WHERE user_id = ? AND expires_at > ?", userId);
  }

  @Override
  public int purgeExpired() {
    return update("purge refresh families", "DELETE FROM refresh_families WHERE expires_at <= ?");
  }

  /** Runs a statement whose parameters are {@code args} followed by the current time. */
  private int update(String operation, String sql, String... args) {
    Object[] params = new Object[args.length + 1];
    System.arraycopy(args, 0, params, 0, args.length);
    params[args.length] = clock.millis();
    return jdbc.update(operation, sql, params);
  }

  private static RefreshFamily map(ResultSet rs) throws SQLException {
    return new RefreshFamily(rs.getString("id"), rs.getString("user_id"), rs.getString("client_id"),
        Jdbc.scopes(rs.getString("scopes")), rs.getLong("token_version"), rs.getString("current_hash"),
        rs.getString("previous_hash"),
        instant(rs, "rotated_at"), rs.getString("grace_ciphertext"), instant(rs, "created_at"),
        instant(rs, "last_used_at"), instant(rs, "expires_at"), instant(rs, "absolute_expires_at"),
        rs.getString("user_agent"), rs.getString("ip"));
  }
}
