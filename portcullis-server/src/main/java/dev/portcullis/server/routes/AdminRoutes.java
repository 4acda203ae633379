package dev.portcullis.server.routes;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
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
import java.util.List;
import java.util.regex.Pattern;

/** Administration: a user, their sessions, roles, forced logout, the audit trail. Role {@code admin} or the admin token. */
public final class AdminRoutes {
  private static final Pattern TYPE = Pattern.compile("[a-z_]{1,64}");

  record Roles(String userId, List<String> roles) {}

  record User(String userId, String email, List<String> roles, Instant createdAt) {
    static User of(Account a) {
      return new User(a.id(), a.email(), a.roles().stream().sorted().toList(), a.createdAt());
    }
  }

  /** One audit event; the fields an event lacks are null, never absent. */
  record AuditEntry(Instant at, String type, String userId, String ip, String userAgent, String detail) {
    static AuditEntry of(AuditEvent e) {
      return new AuditEntry(e.at(), e.type(), e.userId(), e.ip(), e.userAgent(), e.detail());
    }
  }

  private final AccountService accounts;
  private final DeviceService devices;
  private final AuditLog audit;
  private final Requests requests;

  public AdminRoutes(AccountService accounts, DeviceService devices, AuditLog audit, Requests requests) {
    this.accounts = accounts;
    this.devices = devices;
    this.audit = audit;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.get("/v1/admin/users", this::users, Access.ADMIN);
    r.get("/v1/admin/users/{id}", this::user, Access.ADMIN);
    r.get("/v1/admin/users/{id}/sessions", this::sessions, Access.ADMIN);
    r.delete("/v1/admin/users/{id}/sessions/{session_id}", this::revokeSession, Access.ADMIN);
    r.put("/v1/admin/users/{id}/roles", this::setRoles, Access.ADMIN);
    r.post("/v1/admin/users/{id}/logout-everywhere", this::logoutEverywhere, Access.ADMIN);
    r.get("/v1/admin/audit", this::audit, Access.ADMIN);
  }

  /** {@code ?email=} finds one account (a list of 0 or 1); else a page after {@code ?after=}, {@code ?limit=} (1–1000, 100). */
  private void users(Context ctx) {
    String email = ctx.queryParam("email");
    List<Account> found = email != null ? accounts.findByEmail(email).stream().toList()
        : accounts.list(ctx.queryParam("after"), limit(ctx.queryParam("limit")));
    Json.ok(ctx, found.stream().map(User::of).toList());
  }

  private void user(Context ctx) {
    Json.ok(ctx, User.of(accounts.get(ctx.pathParam("id"))));
  }

  private void sessions(Context ctx) {
    String userId = accounts.get(ctx.pathParam("id")).id();
    Json.ok(ctx, devices.listOf(userId).stream().map(SessionRoutes.DeviceAnswer::of).toList());
  }

  private void revokeSession(Context ctx) {
    devices.revokeOf(ctx.pathParam("id"), ctx.pathParam("session_id"), requests.device(ctx));
    ctx.status(204);
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

  private void audit(Context ctx) {
    String userId = ctx.queryParam("user_id");
    String type = ctx.queryParam("type");
    if (type != null && !TYPE.matcher(type).matches()) {
      throw new InvalidRequestException("type must be an audit event type such as login_failed.");
    }
    int limit = limit(ctx.queryParam("limit"));
    Json.ok(ctx, audit.find(userId, type, limit).stream().map(AuditEntry::of).toList());
  }

  private static int limit(String raw) {
    if (raw == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the same answer as an out-of-range number
    }
    throw new InvalidRequestException("limit must be a whole number from 1 to 1000.");
  }
}
