package dev.portcullis.server.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.auth.Principal;
import dev.portcullis.device.DeviceService;
import dev.portcullis.device.SignedInDevice;
import dev.portcullis.login.BrowserLogin;
import dev.portcullis.login.SignedIn;
import dev.portcullis.server.Metrics;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import dev.portcullis.session.Session;
import dev.portcullis.session.SessionService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Browser login, the current session, logout, and the user's list of devices. */
public final class SessionRoutes {
  private final BrowserLogin login;
  private final SessionService sessions;
  private final DeviceService devices;
  private final Cookies cookies;
  private final Requests requests;
  private final Metrics metrics;

  record LoginAnswer(String userId, String csrfToken) {}

  record SessionAnswer(
      String userId, String sessionId, List<String> roles, Instant authTime, Instant expiresAt, String csrfToken) {}

  /** A browser has no client id, and its entry no {@code client_id} field. */
  record DeviceAnswer(String sessionId, String kind, Instant createdAt, Instant lastSeenAt, String userAgent,
      String ip, boolean current, @JsonInclude(JsonInclude.Include.NON_NULL) String clientId) {
    static DeviceAnswer of(SignedInDevice d) {
      return new DeviceAnswer(d.id(), d.kind().name().toLowerCase(Locale.ROOT), d.createdAt(), d.lastSeenAt(),
          d.userAgent(), d.ip(), d.current(), d.clientId());
    }
  }

  public SessionRoutes(BrowserLogin login, SessionService sessions, DeviceService devices, Cookies cookies,
      Requests requests, Metrics metrics) {
    this.login = login;
    this.sessions = sessions;
    this.devices = devices;
    this.cookies = cookies;
    this.requests = requests;
    this.metrics = metrics;
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
    SignedIn in = metrics.countLogin(() -> login.login(email, password, cookies.read(ctx), requests.device(ctx)));
    cookies.set(ctx, in.issued().token(), in.cookieLifetime(), true);
    Json.ok(ctx, new LoginAnswer(in.account().id(), in.csrfToken()));
  }

  private void current(Context ctx) {
    SessionService.Validated v = Requests.session(ctx);
    Session s = v.session();
    List<String> roles = v.account().roles().stream().sorted().toList();
    Json.ok(ctx, new SessionAnswer(s.userId(), s.id(), roles, s.authTime(), s.expiresAt(), sessions.csrfToken(s)));
  }

  private void logout(Context ctx) {
    sessions.logout(Requests.session(ctx).session(), requests.device(ctx));
    cookies.clear(ctx);
    ctx.status(204);
  }

  private void list(Context ctx) {
    Json.ok(ctx, devices.list(Requests.principal(ctx)).stream().map(DeviceAnswer::of).toList());
  }

  private void revoke(Context ctx) {
    Principal caller = Requests.principal(ctx);
    if (devices.revoke(caller, ctx.pathParam("session_id"), requests.device(ctx))) {
      cookies.clear(ctx); // the caller signed itself out
    }
    ctx.status(204);
  }

  private void revokeOthers(Context ctx) {
    devices.revokeOthers(Requests.principal(ctx), requests.device(ctx));
    ctx.status(204);
  }
}
