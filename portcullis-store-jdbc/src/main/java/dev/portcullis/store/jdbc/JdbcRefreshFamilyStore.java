package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.TokenJdbc.instant;
import static dev.portcullis.store.jdbc.TokenJdbc.millis;

import dev.portcullis.token.RefreshFamily;
import dev.portcullis.token.RefreshFamilyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
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

  private final DataSource ds;
  private final Clock clock;

  public JdbcRefreshFamilyStore(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  @Override
  public void create(RefreshFamily f) {
    TokenJdbc.run(ds, "create refresh family", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO refresh_families (id, user_id, client_id,"
          + " scopes, current_hash, previous_hash, rotated_at, grace_ciphertext, created_at, last_used_at,"
          + " expires_at, absolute_expires_at, user_agent, ip, token_version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, f.id());
        ps.setString(2, f.userId());
        ps.setString(3, f.clientId());
        ps.setString(4, TokenJdbc.scopes(f.scopes()));
        ps.setString(5, f.currentHash());
        ps.setString(6, f.previousHash());
        TokenJdbc.setInstant(ps, 7, f.rotatedAt());
        ps.setString(8, f.graceCiphertext());
        ps.setLong(9, millis(f.createdAt()));
        ps.setLong(10, millis(f.lastUsedAt()));
        ps.setLong(11, millis(f.expiresAt()));
        ps.setLong(12, millis(f.absoluteExpiresAt()));
        ps.setString(13, f.userAgent());
        ps.setString(14, f.ip());
        ps.setLong(15, f.tokenVersion());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Match> findByHash(String tokenHash) {
    long now = millis(clock.instant());
    return TokenJdbc.run(ds, "find refresh family by hash", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM refresh_families f WHERE f.current_hash = ? AND f.expires_at > ?")) {
        ps.setString(1, tokenHash);
        ps.setLong(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return Optional.of(new Match(map(rs), true, null));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", h.used_at"
          + " FROM refresh_token_history h JOIN refresh_families f ON f.id = h.family_id"
          + " WHERE h.token_hash = ? AND f.expires_at > ?")) {
        ps.setString(1, tokenHash);
        ps.setLong(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Match(map(rs), false, instant(rs, "used_at"))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean rotate(String familyId, String expectedHash, Rotation r) {
    return TokenJdbc.inTransaction(ds, "rotate refresh token", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_families SET current_hash = ?,"
          + " previous_hash = ?, rotated_at = ?, grace_ciphertext = ?, scopes = ?, last_used_at = ?,"
          + " expires_at = ? WHERE id = ? AND current_hash = ? AND expires_at > ?")) {
        ps.setString(1, r.newHash());
        ps.setString(2, expectedHash);
        ps.setLong(3, millis(r.at()));
        ps.setString(4, r.graceCiphertext());
        ps.setString(5, TokenJdbc.scopes(r.scopes()));
        ps.setLong(6, millis(r.at()));
        ps.setLong(7, millis(r.expiresAt()));
        ps.setString(8, familyId);
        ps.setString(9, expectedHash);
        ps.setLong(10, millis(clock.instant()));
        if (ps.executeUpdate() != 1) {
          return false;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO refresh_token_history (token_hash, family_id, used_at) VALUES (?, ?, ?)")) {
        ps.setString(1, expectedHash);
        ps.setString(2, familyId);
        ps.setLong(3, millis(r.at()));
        ps.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public Optional<RefreshFamily> findById(String familyId) {
    return TokenJdbc.run(ds, "find refresh family", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM refresh_families f WHERE f.id = ? AND f.expires_at > ?")) {
        ps.setString(1, familyId);
        ps.setLong(2, millis(clock.instant()));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<RefreshFamily> listByUser(String userId) {
    return TokenJdbc.run(ds, "list refresh families", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM refresh_families f"
          + " WHERE f.user_id = ? AND f.expires_at > ? ORDER BY f.created_at DESC, f.id")) {
        ps.setString(1, userId);
        ps.setLong(2, millis(clock.instant()));
        try (ResultSet rs = ps.executeQuery()) {
          List<RefreshFamily> out = new ArrayList<>();
          while (rs.next()) {
            out.add(map(rs));
          }
          return out;
        }
      }
    });
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
    return TokenJdbc.run(ds, operation, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setString(i + 1, args[i]);
        }
        ps.setLong(args.length + 1, millis(clock.instant()));
        return ps.executeUpdate();
      }
    });
  }

  private static RefreshFamily map(ResultSet rs) throws SQLException {
    return new RefreshFamily(rs.getString("id"), rs.getString("user_id"), rs.getString("client_id"),
        TokenJdbc.scopes(rs.getString("scopes")), rs.getLong("token_version"), rs.getString("current_hash"),
        rs.getString("previous_hash"),
        instant(rs, "rotated_at"), rs.getString("grace_ciphertext"), instant(rs, "created_at"),
        instant(rs, "last_used_at"), instant(rs, "expires_at"), instant(rs, "absolute_expires_at"),
        rs.getString("user_agent"), rs.getString("ip"));
  }
}
