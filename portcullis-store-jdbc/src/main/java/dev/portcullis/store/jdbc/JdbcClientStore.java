package dev.portcullis.store.jdbc;

import dev.portcullis.client.Client;
import dev.portcullis.client.ClientStore;
import dev.portcullis.client.ClientType;
import dev.portcullis.client.GrantType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Clients in table {@code clients} (migrations V2, V6, V7: redirect URIs and grant types space separated). */
public final class JdbcClientStore implements ClientStore {
  private static final String COLUMNS = "id, name, type, secret_hash, audience, scopes, created_at, redirect_uris,"
      + " grant_types, token_endpoint_auth_method, first_party";

  private final Jdbc jdbc;

  /** The clock is unused (clients do not expire) but kept for the uniform store constructor. */
  public JdbcClientStore(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
  }

  @Override
  public void create(Client client) {
    jdbc.update("create client", "INSERT INTO clients (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        client.id(), client.name(), client.type().wireName(), client.secretHash(), client.audience(),
        Jdbc.scopes(client.scopes()), client.createdAt(), String.join(" ", client.redirectUris()),
        client.grantTypes().stream().map(GrantType::wireName).sorted().collect(Collectors.joining(" ")),
        client.tokenEndpointAuthMethod(), client.firstParty());
  }

  @Override
  public Optional<Client> findById(String id) {
    return jdbc.queryOne("find client", "SELECT " + COLUMNS + " FROM clients WHERE id = ?", JdbcClientStore::map, id);
  }

  @Override
  public List<Client> list() {
    return jdbc.query("list clients", "SELECT " + COLUMNS + " FROM clients ORDER BY created_at, id",
        JdbcClientStore::map);
  }

  @Override
  public boolean delete(String id) {
    return jdbc.update("delete client", "DELETE FROM clients WHERE id = ?", id) > 0;
  }

  private static Client map(ResultSet rs) throws SQLException {
    String redirects = rs.getString("redirect_uris");
    return new Client(rs.getString("id"), rs.getString("name"), ClientType.fromWire(rs.getString("type")),
        rs.getString("secret_hash"), rs.getString("audience"), Jdbc.scopes(rs.getString("scopes")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        redirects.isEmpty() ? List.of() : Arrays.asList(redirects.split(" ")),
        Jdbc.scopes(rs.getString("grant_types")).stream().map(GrantType::fromWire).collect(Collectors.toSet()),
        rs.getString("token_endpoint_auth_method"), rs.getBoolean("first_party"));
  }
}
