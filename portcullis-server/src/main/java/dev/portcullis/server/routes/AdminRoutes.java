package dev.portcullis.server.routes;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Principal;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Dto;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Administration: roles, forced logout, the audit trail. Role {@code admin} or the admin token. */
public final class AdminRoutes {
  private static final Pattern TYPE = Pattern.compile("[a-z_]{1,64}");
  private final AccountService accounts;
  private final AuditLog audit;
  private final Requests requests;

  public AdminRoutes(AccountService accounts, AuditLog audit, Requests requests) {
    this.accounts = accounts;
    this.audit = audit;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.put("/v1/admin/users/{id}/roles", this::setRoles, Access.ADMIN);
    r.post("/v1/admin/users/{id}/logout-everywhere", this::logoutEverywhere, Access.ADMIN);
    r.get("/v1/admin/audit", this::audit, Access.ADMIN);
  }

  private void setRoles(Context ctx) {
    Principal admin = Requests.principal(ctx);
    Account a = accounts.setRoles(ctx.pathParam("id"), Body.of(ctx).stringSet("roles"), admin.userId(),
        requests.device(ctx));
    Json.ok(ctx, Dto.of("user_id", a.id(), "roles", a.roles().stream().sorted().toList()));
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
    List<Map<String, Object>> out = audit.find(userId, type, limit).stream()
        .map(AdminRoutes::dto).toList();
    Json.ok(ctx, out);
  }

  private static Map<String, Object> dto(AuditEvent e) {
    return Dto.of("at", e.at(), "type", e.type(), "user_id", e.userId(), "ip", e.ip(),
        "user_agent", e.userAgent(), "detail", e.detail());
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
