package dev.portcullis.server.routes;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.server.Metrics;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Dto;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import dev.portcullis.session.Session;
import dev.portcullis.session.SessionService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Browser login, the current session, logout, and the user's list of devices. */
public final class SessionRoutes {
  private final AccountService accounts;
  private final SessionService sessions;
  private final List<DeviceSource> deviceSources;
  private final Cookies cookies;
  private final Requests requests;
  private final Metrics metrics;
  private final Clock clock;

  /** Another kind of device the user's list shows (refresh-token families of apps). */
  public interface DeviceSource {
    List<Map<String, Object>> list(String userId, String currentId);

    /** True if {@code id} was one of this source's and is now revoked. */
    boolean revoke(String userId, String id, Device device);

    int revokeAllExcept(String userId, String keepId, Device device);
  }

  public SessionRoutes(AccountService accounts, SessionService sessions, List<DeviceSource> deviceSources,
      Cookies cookies, Requests requests, Metrics metrics, Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.deviceSources = List.copyOf(deviceSources);
    this.cookies = cookies;
    this.requests = requests;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/session/login", this::login, Access.PUBLIC);
    r.get("/v1/session", this::current, Access.SESSION);
    r.post("/v1/session/logout", this::logout, Access.SESSION);
    r.get("/v1/sessions", this::list, Access.USER);
    r.delete("/v1/sessions/{session_id}", this::revoke, Access.USER);
    r.post("/v1/sessions/revoke-others", this::revokeOthers, Access.USER);
  }

  private void login(Context ctx) {
    Body body = Body.of(ctx);
    String email = body.string("email");
    String password = body.string("password");
    Device device = requests.device(ctx);
    Account account;
    try {
      account = accounts.authenticate(email, password, device);
    } catch (AuthenticationException | RateLimitedException e) {
      metrics.loginFailed();
      throw e;
    }
    metrics.loginSucceeded();
    // the session named by a cookie sent along is never adopted, and ends now (not on a failed attempt)
    sessions.endPresented(cookies.read(ctx));
    SessionService.Issued issued = sessions.create(account, clock.instant(), device);
    cookies.set(ctx, issued.token(), sessions.cookieLifetime(issued.session()));
    Json.ok(ctx, Dto.of("user_id", account.id(), "csrf_token", sessions.csrfToken(issued.session())));
  }

  private void current(Context ctx) {
    SessionService.Validated v = Requests.session(ctx);
    Session s = v.session();
    Json.ok(ctx, Dto.of("user_id", s.userId(), "session_id", s.id(), "roles", sorted(v.account().roles()),
        "auth_time", s.authTime(), "expires_at", s.expiresAt(), "csrf_token", sessions.csrfToken(s)));
  }

  private void logout(Context ctx) {
    sessions.logout(Requests.session(ctx).session(), requests.device(ctx));
    cookies.clear(ctx);
    ctx.status(204);
  }

  private void list(Context ctx) {
    Principal p = Requests.principal(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Session s : sessions.list(p.userId())) {
      out.add(Dto.of("session_id", s.id(), "kind", "browser", "created_at", s.createdAt(),
          "last_seen_at", s.lastSeenAt(), "user_agent", s.userAgent(), "ip", s.ip(),
          "current", s.id().equals(p.sessionId())));
    }
    for (DeviceSource source : deviceSources) {
      out.addAll(source.list(p.userId(), p.sessionId()));
    }
    Json.ok(ctx, out);
  }

  private void revoke(Context ctx) {
    Principal p = Requests.principal(ctx);
    String id = ctx.pathParam("session_id");
    Device device = requests.device(ctx);
    for (DeviceSource source : deviceSources) {
      if (source.revoke(p.userId(), id, device)) {
        ctx.status(204);
        return;
      }
    }
    sessions.revoke(p.userId(), id, device);
    if (id.equals(p.sessionId()) && "session".equals(p.method())) {
      cookies.clear(ctx);
    }
    ctx.status(204);
  }

  private void revokeOthers(Context ctx) {
    Principal p = Requests.principal(ctx);
    Device device = requests.device(ctx);
    sessions.revokeOthers(p.userId(), p.sessionId(), device);
    for (DeviceSource source : deviceSources) {
      source.revokeAllExcept(p.userId(), p.sessionId(), device);
    }
    ctx.status(204);
  }

  private static List<String> sorted(java.util.Set<String> roles) {
    return roles.stream().sorted().toList();
  }
}
