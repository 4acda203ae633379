package dev.portcullis.store.jdbc;

import dev.portcullis.session.Session;
import dev.portcullis.session.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Sessions in the {@code sessions} table. Every statement carries {@code expires_at > now}, so an
 * expired row is invisible to reads and writes alike; {@link #purgeExpired()} removes such rows.
 */
public final class JdbcSessionStore implements SessionStore, dev.portcullis.store.Purgeable {
  private static final String COLUMNS = """
      id, user_id, token_hash, created_at, auth_time, last_seen_at, expires_at,
      absolute_expires_at, privilege_version, token_version, user_agent, ip""";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcSessionStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public void create(Session s) {
    jdbc.update("session create", "INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id(), s.userId(), s.tokenHash(), s.createdAt(), s.authTime(), s.lastSeenAt(), s.expiresAt(),
        s.absoluteExpiresAt(), s.privilegeVersion(), s.tokenVersion(), s.userAgent(), s.ip());
  }

  @Override
  public Optional<Session> findByTokenHash(String tokenHash) {
    return jdbc.queryOne("session lookup",
        "SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ? AND expires_at > ?",
        JdbcSessionStore::map, tokenHash, clock.millis());
  }

  @Override
  public boolean touch(String userId, String id, Instant lastSeenAt, Instant expiresAt) {
    return jdbc.update("session touch", """
        UPDATE sessions SET last_seen_at = ?, expires_at = ?
        WHERE id = ? AND user_id = ? AND expires_at > ?
        """, lastSeenAt, expiresAt, id, userId, clock.millis()) > 0;
  }

  @Override
  public boolean rotateToken(
      String userId, String id, String expectedHash, String newHash, long privilegeVersion) {
    // the compare-and-set: of two racing updates, the second finds token_hash changed and matches 0 rows
    return jdbc.update("session rotation", """
        UPDATE sessions SET token_hash = ?, privilege_version = ?
        WHERE id = ? AND user_id = ? AND token_hash = ? AND expires_at > ?
        """, newHash, privilegeVersion, id, userId, expectedHash, clock.millis()) > 0;
  }

  @Override
  public boolean delete(String userId, String id) {
    return jdbc.update("session delete",
        "DELETE FROM sessions WHERE id = ? AND user_id = ? AND expires_at > ?",
        id, userId, clock.millis()) > 0;
  }

  @Override
  public List<Session> listByUser(String userId) {
    return jdbc.query("session list", """
        SELECT %s FROM sessions WHERE user_id = ? AND expires_at > ?
        ORDER BY created_at DESC, id DESC
        """.formatted(COLUMNS), JdbcSessionStore::map, userId, clock.millis());
  }

  @Override
  public int deleteByUser(String userId, String exceptId) {
    // two statements rather than "? IS NULL OR ...": PostgreSQL cannot type an untyped null parameter
    if (exceptId == null) {
      return jdbc.update("session delete-all",
          "DELETE FROM sessions WHERE user_id = ? AND expires_at > ?", userId, clock.millis());
    }
    return jdbc.update("session delete-others",
        "DELETE FROM sessions WHERE user_id = ? AND id <> ? AND expires_at > ?",
        userId, exceptId, clock.millis());
  }

  /** Deletes expired sessions and returns how many; the server calls this periodically. */
  @Override
  public int purgeExpired() {
    return jdbc.update("session purge", "DELETE FROM sessions WHERE expires_at <= ?", clock.millis());
  }

  private static Session map(ResultSet rs) throws SQLException {
    return new Session(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("token_hash"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("auth_time")),
        Instant.ofEpochMilli(rs.getLong("last_seen_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        Instant.ofEpochMilli(rs.getLong("absolute_expires_at")),
        rs.getLong("privilege_version"),
        rs.getLong("token_version"),
        rs.getString("user_agent"),
        rs.getString("ip"));
  }
}
