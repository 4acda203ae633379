package dev.portcullis.server.routes;

import dev.portcullis.audit.AuditLog;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The audit trail, newest first, in pages: every event for an administrator (filtered by user and
 * type), and a user's own security events for that user.
 */
public final class AuditRoutes {
  private static final Pattern TYPE = Pattern.compile("[a-z_]{1,64}");

  /** One audit event; {@code id} names it as the {@code before} of the next page. Absent fields are null. */
  record AuditEntry(String id, Instant at, String type, String userId, String ip, String userAgent, String detail) {
    static AuditEntry of(AuditLog.Recorded r) {
      var e = r.event();
      return new AuditEntry(r.position().toString(), e.at(), e.type(), e.userId(), e.ip(), e.userAgent(), e.detail());
    }
  }

  private final AuditLog audit;

  public AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  public void register(RoutesConfig r) {
    r.get("/v1/admin/audit", this::all, Access.ADMIN);
    r.get("/v1/me/audit", this::mine, Access.USER);
  }

  private void all(Context ctx) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("user_id", ctx.queryParam("user_id"));
    filters.put("type", type(ctx));
    answer(ctx, filters.get("user_id"), filters);
  }

  private void mine(Context ctx) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("type", type(ctx));
    answer(ctx, Requests.principal(ctx).userId(), filters);
  }

  private void answer(Context ctx, String userId, Map<String, String> filters) {
    String rawBefore = ctx.queryParam("before");
    AuditLog.Position before = rawBefore == null ? null : AuditLog.Position.parse(rawBefore);
    int limit = Paging.limit(ctx);
    List<AuditEntry> page = audit.page(userId, filters.get("type"), before, limit).stream()
        .map(AuditEntry::of).toList();
    if (!page.isEmpty()) {
      Paging.linkNext(ctx, page, limit, filters, "before", page.get(page.size() - 1).id());
    }
    Json.ok(ctx, page);
  }

  private static String type(Context ctx) {
    String type = ctx.queryParam("type");
    if (type != null && !TYPE.matcher(type).matches()) {
      throw new InvalidRequestException("type must be an audit event type such as login_failed.");
    }
    return type;
  }
}
