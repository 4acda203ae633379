package dev.portcullis.store.jdbc;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.PrunableAuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The audit trail in {@code audit_events}; the identity column orders events of the same instant. */
public final class JdbcAuditLog implements PrunableAuditLog {
  private final Jdbc jdbc;

  public JdbcAuditLog(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void record(AuditEvent e) {
    jdbc.update("audit record", """
        INSERT INTO audit_events (at, type, user_id, ip, user_agent, detail) VALUES (?, ?, ?, ?, ?, ?)
        """, e.at().toEpochMilli(), e.type(), e.userId(), e.ip(), e.userAgent(), e.detail());
  }

  /**
   * One bounded statement: the oldest {@code max} ids before the cutoff (through the index on {@code
   * at}), then their rows; the same SQL on H2 and PostgreSQL.
   */
  @Override
  public int deleteBefore(Instant cutoff, int max) {
    if (max <= 0) {
      return 0;
    }
    return jdbc.update("audit purge", """
        DELETE FROM audit_events WHERE id IN
          (SELECT id FROM audit_events WHERE at < ? ORDER BY at, id LIMIT ?)
        """, cutoff.toEpochMilli(), max);
  }

  @Override
  public List<Recorded> page(String userId, String type, Position before, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    // filters are appended only when given, so no untyped null parameter reaches PostgreSQL
    StringBuilder sql = new StringBuilder(
        "SELECT id, at, type, user_id, ip, user_agent, detail FROM audit_events WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (userId != null) {
      sql.append(" AND user_id = ?");
      params.add(userId);
    }
    if (type != null) {
      sql.append(" AND type = ?");
      params.add(type);
    }
    if (before != null) {
      sql.append(" AND (at < ? OR (at = ? AND id < ?))");
      params.add(before.atMillis());
      params.add(before.atMillis());
      params.add(before.seq());
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
    params.add(limit);
    return jdbc.query("audit page", sql.toString(),
        rs -> new Recorded(new Position(rs.getLong("at"), rs.getLong("id")), map(rs)), params.toArray());
  }

  private static AuditEvent map(ResultSet rs) throws SQLException {
    return new AuditEvent(
        Instant.ofEpochMilli(rs.getLong("at")),
        rs.getString("type"),
        rs.getString("user_id"),
        rs.getString("ip"),
        rs.getString("user_agent"),
        rs.getString("detail"));
  }
}
