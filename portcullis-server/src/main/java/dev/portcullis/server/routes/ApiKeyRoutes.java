package dev.portcullis.server.routes;

import dev.portcullis.apikey.ApiKey;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user's API keys (create, list, rotate, revoke: a browser session with CSRF, or the user's access
 * token; never an API key) and the admin's view of anyone's. The full key is in the create and
 * rotate answers only; lists show the {@code prefix} hint.
 */
public final class ApiKeyRoutes {
  private final ApiKeyService apiKeys;
  private final Requests requests;

  /** A key just issued: {@code key} is shown this once. */
  record CreatedAnswer(String id, String key, String prefix, String name, List<String> scopes, Instant createdAt,
      Instant expiresAt) {
    static CreatedAnswer of(ApiKeyService.Created c) {
      ApiKey k = c.apiKey();
      return new CreatedAnswer(k.id(), c.key(), k.hint(), k.name(), sorted(k.scopes()), k.createdAt(), k.expiresAt());
    }
  }

  /**
   * One working key in a list, no secret. {@code retires_at} is set while a rotated key is in its
   * grace ({@code status} {@code rotated}, {@code successor_id} names its replacement).
   */
  record KeyAnswer(String id, String prefix, String name, List<String> scopes, String status, Instant createdAt,
      Instant expiresAt, Instant lastUsedAt, Instant retiresAt, String successorId) {
    static KeyAnswer of(ApiKey k) {
      return new KeyAnswer(k.id(), k.hint(), k.name(), sorted(k.scopes()), k.successorId() == null ? "active" : "rotated",
          k.createdAt(), k.expiresAt(), k.lastUsedAt(), k.retiresAt(), k.successorId());
    }
  }

  public ApiKeyRoutes(ApiKeyService apiKeys, Requests requests) {
    this.apiKeys = apiKeys;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/api-keys", this::create, Access.USER);
    r.get("/v1/api-keys", this::list, Access.USER);
    r.post("/v1/api-keys/{id}/rotate", this::rotate, Access.USER);
    r.delete("/v1/api-keys/{id}", this::revoke, Access.USER);
    r.get("/v1/admin/users/{id}/api-keys", this::listOfUser, Access.ADMIN);
    r.delete("/v1/admin/api-keys/{id}", this::revoke, Access.ADMIN);
  }

  private void create(Context ctx) {
    Body body = Body.of(ctx);
    Set<String> scopes = body.has("scopes") ? body.stringSet("scopes") : Set.of();
    ApiKeyService.Created c = apiKeys.create(Requests.principal(ctx).userId(), body.string("name"), scopes,
        body.optionalInt("expires_in_days").map(Duration::ofDays), requests.device(ctx));
    Json.write(ctx, 201, CreatedAnswer.of(c));
  }

  private void list(Context ctx) {
    Json.ok(ctx, apiKeys.list(Requests.principal(ctx).userId()).stream().map(KeyAnswer::of).toList());
  }

  private void rotate(Context ctx) {
    // an empty body is fine: the default grace
    Body body = Body.read(ctx::bodyAsBytes).length == 0 ? null : Body.of(ctx);
    ApiKeyService.Created c = apiKeys.rotate(Requests.principal(ctx).userId(), ctx.pathParam("id"),
        body == null ? Optional.<Duration>empty() : body.optionalInt("grace_seconds").map(Duration::ofSeconds),
        requests.device(ctx));
    Json.write(ctx, 201, CreatedAnswer.of(c));
  }

  /** The owner's own key, or (on the admin route) anyone's; any other id is 404. */
  private void revoke(Context ctx) {
    apiKeys.revoke(Requests.principal(ctx), ctx.pathParam("id"), requests.device(ctx));
    ctx.status(204);
  }

  private void listOfUser(Context ctx) {
    Json.ok(ctx, apiKeys.list(ctx.pathParam("id")).stream().map(KeyAnswer::of).toList());
  }

  private static List<String> sorted(Set<String> scopes) {
    return scopes.stream().sorted().toList();
  }
}
