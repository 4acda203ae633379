package dev.portcullis.store.jdbc;

import dev.portcullis.apikey.ApiKey;
import dev.portcullis.apikey.ApiKeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * API keys in table {@code api_keys} (migration V5). Rotation and revocation are conditional
 * UPDATEs: a second rotation of the same key waits for the first's row lock, re-checks {@code
 * successor_id IS NULL} and matches nothing. A use only ever writes {@code last_used_at}, so it can
 * never undo a revocation. The service judges validity with its own clock, so reads return ended
 * keys too; the clock-dependent conditions take the instant from the caller.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
  private static final String COLUMNS = """
      id, user_id, name, scopes, secret_hash, hint, created_at, expires_at, revoked_at, retires_at,
      last_used_at, successor_id""";

  private final Jdbc jdbc;

  public JdbcApiKeyStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void create(ApiKey key) {
    jdbc.withConnection("api key create", c -> insert(c, key));
  }

  @Override
  public Optional<ApiKey> findById(String id) {
    return jdbc.queryOne("api key lookup", "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?",
        JdbcApiKeyStore::map, id);
  }

  @Override
  public List<ApiKey> listByUser(String userId) {
    return jdbc.query("api key list", "SELECT " + COLUMNS + " FROM api_keys WHERE user_id = ?"
        + " ORDER BY created_at DESC, id DESC", JdbcApiKeyStore::map, userId);
  }

  @Override
  public boolean rotate(String id, ApiKey successor, Instant at, Instant retireAt) {
    return jdbc.inTransaction("api key rotation", c -> {
      int claimed = Jdbc.update(c, """
          UPDATE api_keys SET retires_at = ?, successor_id = ?
          WHERE id = ? AND user_id = ? AND successor_id IS NULL AND revoked_at IS NULL
            AND (expires_at IS NULL OR expires_at > ?)
          """, retireAt.toEpochMilli(), successor.id(), id, successor.userId(), at.toEpochMilli());
      if (claimed != 1) {
        return false;
      }
      insert(c, successor);
      return true;
    });
  }

  @Override
  public boolean revoke(String id, Instant at) {
    long now = at.toEpochMilli();
    return jdbc.update("api key revocation", """
        UPDATE api_keys SET revoked_at = ?
        WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
          AND (retires_at IS NULL OR retires_at > ?)
        """, now, id, now, now) > 0;
  }

  @Override
  public boolean touch(String id, Instant at, Instant staleAt) {
    return jdbc.update("api key touch", """
        UPDATE api_keys SET last_used_at = ?
        WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)
        """, at.toEpochMilli(), id, staleAt.toEpochMilli()) > 0;
  }

  @Override
  public int purgeEndedBefore(Instant cutoff) {
    long t = cutoff.toEpochMilli();
    return jdbc.update("api key purge",
        "DELETE FROM api_keys WHERE revoked_at < ? OR expires_at < ? OR retires_at < ?", t, t, t);
  }

  // the nullable instants go through CAST: Jdbc binds a null as text, which PostgreSQL will not
  // put into a BIGINT column unconverted
  private static int insert(Connection c, ApiKey k) throws SQLException {
    return Jdbc.update(c, "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?,"
            + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), ?)",
        k.id(), k.userId(), k.name(), String.join(" ", new TreeSet<>(k.scopes())), k.secretHash(), k.hint(),
        k.createdAt().toEpochMilli(), millis(k.expiresAt()), millis(k.revokedAt()), millis(k.retiresAt()),
        millis(k.lastUsedAt()), k.successorId());
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static ApiKey map(ResultSet rs) throws SQLException {
    String scopes = rs.getString("scopes");
    return new ApiKey(rs.getString("id"), rs.getString("user_id"), rs.getString("name"),
        scopes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(scopes.split(" "))), rs.getString("secret_hash"),
        rs.getString("hint"), instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
        instant(rs, "retires_at"), instant(rs, "last_used_at"), rs.getString("successor_id"));
  }
}
