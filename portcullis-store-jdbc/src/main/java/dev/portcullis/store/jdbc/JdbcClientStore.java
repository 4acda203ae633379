package dev.portcullis.store.jdbc;

import static dev.portcullis.store.jdbc.TokenJdbc.millis;

import dev.portcullis.client.Client;
import dev.portcullis.client.ClientStore;
import dev.portcullis.client.ClientType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Clients in table {@code clients} (migration V2). */
public final class JdbcClientStore implements ClientStore {
  private static final String COLUMNS = "id, name, type, secret_hash, audience, scopes, created_at";

  private final DataSource ds;

  /** The clock is unused (clients do not expire) but kept for the uniform store constructor. */
  public JdbcClientStore(DataSource ds, Clock clock) {
    this.ds = ds;
  }

  @Override
  public void create(Client client) {
    TokenJdbc.run(ds, "create client", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO clients (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, client.id());
        ps.setString(2, client.name());
        ps.setString(3, client.type().wireName());
        ps.setString(4, client.secretHash());
        ps.setString(5, client.audience());
        ps.setString(6, TokenJdbc.scopes(client.scopes()));
        ps.setLong(7, millis(client.createdAt()));
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Client> findById(String id) {
    return TokenJdbc.run(ds, "find client", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM clients WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Client> list() {
    return TokenJdbc.run(ds, "list clients", c -> {
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT " + COLUMNS + " FROM clients ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        List<Client> out = new ArrayList<>();
        while (rs.next()) {
          out.add(map(rs));
        }
        return out;
      }
    });
  }

  @Override
  public boolean delete(String id) {
    return TokenJdbc.run(ds, "delete client", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM clients WHERE id = ?")) {
        ps.setString(1, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static Client map(ResultSet rs) throws SQLException {
    return new Client(rs.getString("id"), rs.getString("name"), ClientType.fromWire(rs.getString("type")),
        rs.getString("secret_hash"), rs.getString("audience"), TokenJdbc.scopes(rs.getString("scopes")),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
