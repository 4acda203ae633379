package dev.portcullis.store.jdbc;

import dev.portcullis.crypto.SecretStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Server-wide secrets in {@code server_secrets}. First writer wins through the primary key: a
 * losing INSERT fails on the unique name and re-reads the winner's value.
 */
public final class JdbcSecretStore implements SecretStore {
  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcSecretStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public String getOrCreate(String name, String candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return jdbc.withConnection("secret lookup", c -> {
      Optional<String> existing = read(c, name);
      if (existing.isPresent()) {
        return existing.get();
      }
      if (Jdbc.insertUnlessDuplicate(c, "INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?)",
          name, candidate, clock.millis())) {
        return candidate;
      }
      // another instance stored it between our read and our insert; theirs wins
      return read(c, name).orElseThrow(() -> new SQLException("server secret vanished after a conflict"));
    });
  }

  private static Optional<String> read(java.sql.Connection c, String name) throws SQLException {
    return Jdbc.queryOne(c, "SELECT secret FROM server_secrets WHERE name = ?", rs -> rs.getString(1), name);
  }
}
