package dev.portcullis.store.jdbc;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.error.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Accounts in the {@code accounts} table; roles are one sorted, comma-separated text column. */
public final class JdbcAccountStore implements AccountStore {
  private static final String COLUMNS =
      "id, email, password_hash, roles, token_version, privilege_version, created_at";

  private final Jdbc jdbc;

  public JdbcAccountStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void create(Account a) {
    String roles = encodeRoles(a.roles());
    boolean created = jdbc.insertUnlessDuplicate("account create", """
        INSERT INTO accounts (id, email, password_hash, roles, token_version, privilege_version, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """, a.id(), a.email(), a.passwordHash(), roles, a.tokenVersion(), a.privilegeVersion(), a.createdAt());
    if (!created) {
      // ids are 128-bit random, so in practice the only unique key that can clash is the email
      throw new ConflictException("An account with this email already exists.");
    }
  }

  @Override
  public Optional<Account> findById(String id) {
    return jdbc.queryOne("account find", "SELECT " + COLUMNS + " FROM accounts WHERE id = ?",
        JdbcAccountStore::map, id);
  }

  @Override
  public java.util.List<Account> list(String afterId, int limit) {
    return jdbc.query("account list", "SELECT " + COLUMNS + " FROM accounts WHERE id > ? ORDER BY id LIMIT ?",
        JdbcAccountStore::map, afterId == null ? "" : afterId, limit);
  }

  @Override
  public Optional<Account> findByEmail(String normalizedEmail) {
    return jdbc.queryOne("account find", "SELECT " + COLUMNS + " FROM accounts WHERE email = ?",
        JdbcAccountStore::map, normalizedEmail);
  }

  @Override
  public boolean updatePasswordHash(String id, String passwordHash) {
    return jdbc.update("password update",
        "UPDATE accounts SET password_hash = ? WHERE id = ?", passwordHash, id) > 0;
  }

  @Override
  public boolean replacePasswordHash(String id, String expectedHash, String newHash) {
    return jdbc.update("password re-hash",
        "UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?", newHash, id, expectedHash) > 0;
  }

  @Override
  public boolean setRoles(String id, Set<String> roles) {
    return jdbc.update("role update", """
        UPDATE accounts SET roles = ?, privilege_version = privilege_version + 1 WHERE id = ?
        """, encodeRoles(roles), id) > 0;
  }

  @Override
  public Optional<Long> bumpTokenVersion(String id) {
    // the UPDATE locks the row until commit, so the SELECT sees exactly this bump
    return jdbc.inTransaction("token version bump", c -> {
      if (Jdbc.update(c, "UPDATE accounts SET token_version = token_version + 1 WHERE id = ?", id) == 0) {
        return Optional.empty();
      }
      return Jdbc.queryOne(c, "SELECT token_version FROM accounts WHERE id = ?", rs -> rs.getLong(1), id);
    });
  }

  static String encodeRoles(Set<String> roles) {
    for (String role : roles) {
      if (role.isEmpty() || role.indexOf(',') >= 0) {
        throw new IllegalArgumentException("a role must be non-empty and contain no comma");
      }
    }
    return String.join(",", new TreeSet<>(roles));
  }

  static Set<String> decodeRoles(String text) {
    if (text == null || text.isEmpty()) {
      return Set.of();
    }
    return Arrays.stream(text.split(",")).collect(Collectors.toUnmodifiableSet());
  }

  private static Account map(ResultSet rs) throws SQLException {
    return new Account(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("password_hash"),
        decodeRoles(rs.getString("roles")),
        rs.getLong("token_version"),
        rs.getLong("privilege_version"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
