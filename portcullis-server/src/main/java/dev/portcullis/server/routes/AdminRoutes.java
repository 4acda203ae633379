package dev.portcullis.server.routes;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Principal;
import dev.portcullis.device.DeviceService;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Administration of users: search, roles, devices, forced logout. Role {@code admin} or the admin token. */
public final class AdminRoutes {
  record Roles(String userId, List<String> roles) {}

  /** A user as an administrator sees one: never the password hash. */
  record UserAnswer(String userId, String email, List<String> roles, Instant createdAt) {
    static UserAnswer of(Account a) {
      return new UserAnswer(a.id(), a.email(), a.roles().stream().sorted().toList(), a.createdAt());
    }
  }

  private final AccountService accounts;
  private final DeviceService devices;
  private final Requests requests;

  public AdminRoutes(AccountService accounts, DeviceService devices, Requests requests) {
    this.accounts = accounts;
    this.devices = devices;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.get("/v1/admin/users", this::search, Access.ADMIN);
    r.get("/v1/admin/users/{id}", this::show, Access.ADMIN);
    r.put("/v1/admin/users/{id}/roles", this::setRoles, Access.ADMIN);
    r.post("/v1/admin/users/{id}/logout-everywhere", this::logoutEverywhere, Access.ADMIN);
    r.get("/v1/admin/users/{id}/sessions", this::sessions, Access.ADMIN);
    r.delete("/v1/admin/users/{id}/sessions/{session_id}", this::revokeSession, Access.ADMIN);
  }

  private void search(Context ctx) {
    String query = ctx.queryParam("query");
    if (query != null && query.length() > 254) {
      throw new InvalidRequestException("query must be at most 254 characters.");
    }
    String after = ctx.queryParam("after");
    if (after != null && (after.isEmpty() || after.length() > 254)) {
      throw new InvalidRequestException("after must be the last email of the previous page.");
    }
    int limit = Paging.limit(ctx);
    List<UserAnswer> page = accounts.search(query, after, limit).stream().map(UserAnswer::of).toList();
    if (!page.isEmpty()) {
      Map<String, String> filters = new LinkedHashMap<>();
      filters.put("query", query);
      Paging.linkNext(ctx, page, limit, filters, "after", page.get(page.size() - 1).email());
    }
    Json.ok(ctx, page);
  }

  private void show(Context ctx) {
    Json.ok(ctx, UserAnswer.of(accounts.get(ctx.pathParam("id"))));
  }

  private void setRoles(Context ctx) {
    Principal admin = Requests.principal(ctx);
    Account a = accounts.setRoles(ctx.pathParam("id"), Body.of(ctx).stringSet("roles"), admin.userId(),
        requests.device(ctx));
    Json.ok(ctx, new Roles(a.id(), a.roles().stream().sorted().toList()));
  }

  private void logoutEverywhere(Context ctx) {
    accounts.forceLogout(ctx.pathParam("id"), Requests.principal(ctx).userId(), requests.device(ctx));
    ctx.status(204);
  }

  private void sessions(Context ctx) {
    String userId = accounts.get(ctx.pathParam("id")).id(); // 404 for an unknown user, not an empty list
    Json.ok(ctx, devices.listOf(userId).stream().map(SessionRoutes.DeviceAnswer::of).toList());
  }

  private void revokeSession(Context ctx) {
    devices.revokeOf(ctx.pathParam("id"), ctx.pathParam("session_id"), requests.device(ctx));
    ctx.status(204);
  }
}
