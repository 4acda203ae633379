package dev.portcullis.server.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientService;
import dev.portcullis.client.GrantType;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Json;
import dev.portcullis.token.SigningKeys;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Administration of OAuth clients and signing keys. */
public final class ClientAdminRoutes {
  /**
   * {@code audience} is null when unset; {@code client_secret} is absent for a public client. The RFC
   * 7591 metadata is echoed as registered, defaults filled in (§3.2.1).
   */
  record RegisteredClient(String clientId, String type, String name, String audience, List<String> scopes,
      @JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret, List<String> redirectUris,
      List<String> grantTypes, String tokenEndpointAuthMethod, boolean firstParty) {}

  /** A client as listed: never a secret, not even its hash. */
  record ClientAnswer(String clientId, String type, String name, String audience, List<String> scopes,
      List<String> redirectUris, List<String> grantTypes, String tokenEndpointAuthMethod, boolean firstParty,
      Instant createdAt) {
    static ClientAnswer of(Client c) {
      return new ClientAnswer(c.id(), c.type().wireName(), c.name(), c.audience(),
          c.scopes().stream().sorted().toList(), c.redirectUris(),
          c.grantTypes().stream().map(GrantType::wireName).sorted().toList(), c.tokenEndpointAuthMethod(),
          c.firstParty(), c.createdAt());
    }
  }

  record KeyRotation(String kid, Instant activatesAt, boolean emergency) {}

  /** A signing key as listed: its public facts and schedule, never its private part. */
  record KeyAnswer(String kid, String alg, String state, Instant createdAt, Instant activatesAt,
      Instant retiresAt, Instant publishedUntil) {
    static KeyAnswer of(SigningKeys.KeyInfo k) {
      return new KeyAnswer(k.kid(), k.algorithm(), k.state(), k.createdAt(), k.activatesAt(), k.retiresAt(),
          k.publishedUntil());
    }
  }

  private final ClientService clients;
  private final SigningKeys keys;

  public ClientAdminRoutes(ClientService clients, SigningKeys keys) {
    this.clients = clients;
    this.keys = keys;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/admin/clients", this::create, Access.ADMIN);
    r.get("/v1/admin/clients", this::list, Access.ADMIN);
    r.delete("/v1/admin/clients/{id}", this::delete, Access.ADMIN);
    r.get("/v1/admin/keys", this::keys, Access.ADMIN);
    r.post("/v1/admin/keys/rotate", this::rotate, Access.ADMIN);
  }

  private void create(Context ctx) {
    Body body = Body.of(ctx);
    ClientType type = ClientType.fromWire(body.string("type"));
    Set<String> scopes = body.has("scopes") ? body.stringSet("scopes") : Set.of();
    ClientService.Metadata metadata = new ClientService.Metadata(
        body.has("redirect_uris") ? List.copyOf(body.stringSet("redirect_uris")) : null,
        GrantType.fromMetadata(body.has("grant_types") ? body.stringSet("grant_types") : null),
        body.optionalString("token_endpoint_auth_method").orElse(null),
        body.optionalBoolean("first_party").orElse(null));
    ClientService.Registered r = clients.register(type, body.string("name"),
        body.optionalString("audience").orElse(null), scopes, metadata);
    Client c = r.client();
    Json.write(ctx, 201, new RegisteredClient(c.id(), type.wireName(), c.name(), c.audience(),
        c.scopes().stream().sorted().toList(), r.secret().orElse(null), c.redirectUris(),
        c.grantTypes().stream().map(GrantType::wireName).sorted().toList(), c.tokenEndpointAuthMethod(),
        c.firstParty()));
  }

  private void list(Context ctx) {
    Json.ok(ctx, clients.list().stream().map(ClientAnswer::of).toList());
  }

  /** The client can no longer authenticate or refresh; access tokens it holds run out within their lifetime. */
  private void delete(Context ctx) {
    clients.delete(ctx.pathParam("id"));
    ctx.status(204);
  }

  private void keys(Context ctx) {
    Json.ok(ctx, keys.inventory().stream().map(KeyAnswer::of).toList());
  }

  /**
   * Routine by default: the new key is published now and signs after the JWKS caches have caught up.
   * {@code ?emergency=true} (a compromised key) switches at once and withdraws every other key.
   */
  private void rotate(Context ctx) {
    String emergency = ctx.queryParam("emergency");
    if (emergency != null && !emergency.equals("true") && !emergency.equals("false")) {
      throw new InvalidRequestException("emergency must be true or false.");
    }
    boolean now = "true".equals(emergency);
    SigningKeys.Rotation r = now ? keys.rotateImmediately() : keys.rotate();
    Json.ok(ctx, new KeyRotation(r.kid(), r.activatesAt(), now));
  }
}
