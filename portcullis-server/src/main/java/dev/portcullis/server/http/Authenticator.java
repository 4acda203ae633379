package dev.portcullis.server.http;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.server.Metrics;
import dev.portcullis.session.ContextWatch;
import dev.portcullis.session.SessionService;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs once before every matched handler: the Origin check on unsafe methods, then the credential
 * (bearer or session cookie, with its CSRF token), then the route's access rule. Handlers read the
 * resulting {@link Principal} and never authenticate themselves.
 */
public final class Authenticator {
  /** RFC 9110 §9.2.1; every other method is unsafe and gets the Origin and CSRF checks. */
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final SessionService sessions;
  private final Cookies cookies;
  private final Requests requests;
  private final OriginPolicy origins;
  private final Optional<String> adminToken;
  private final List<BearerVerifier> bearers;
  private final AuditLog audit;
  private final Metrics metrics;
  private final ContextWatch contextWatch;
  private final Clock clock;

  public Authenticator(SessionService sessions, Cookies cookies, Requests requests, OriginPolicy origins,
      Optional<String> adminToken, List<BearerVerifier> bearers, AuditLog audit, Metrics metrics, ContextWatch contextWatch, Clock clock) {
    this.sessions = sessions;
    this.cookies = cookies;
    this.requests = requests;
    this.origins = origins;
    this.adminToken = adminToken;
    this.bearers = List.copyOf(bearers);
    this.audit = audit;
    this.metrics = metrics;
    this.contextWatch = contextWatch;
    this.clock = clock;
  }

  /** Judged on the request line's method: no override header or parameter can make a POST safe. */
  public static boolean unsafe(Context ctx) {
    return !SAFE.contains(ctx.req().getMethod());
  }

  public void handle(Context ctx) {
    Set<RouteRole> roles = ctx.routeRoles();
    if (unsafe(ctx)) {
      String refused = origins.refuse(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"), requests.ownOrigin(ctx));
      if (refused != null) {
        throw csrfFailure(ctx, null, refused);
      }
    }
    if (roles.isEmpty() || roles.contains(Access.PUBLIC)) {
      return;
    }
    Principal principal;
    try {
      principal = authenticate(ctx, roles.contains(Access.ADMIN), roles.contains(Access.SESSION));
    } catch (AuthenticationException e) {
      metrics.authentication(attemptedMethod(ctx, roles.contains(Access.SESSION)), e.code());
      throw e;
    }
    metrics.authentication(principal.method(), "success");
    if (ApiKeyBearer.METHOD.equals(principal.method()) && !roles.contains(Access.API_KEY)) {
      // a leaked key must not be able to mint more keys, end sessions or act as an admin
      throw new AccessDeniedException("forbidden", "An API key cannot call this endpoint.");
    }
    if (principal.userId() == null && !"admin_token".equals(principal.method())) {
      // a service's client-credentials token names no user: user endpoints are not for it
      throw new AccessDeniedException("forbidden", "This endpoint needs a user's credential.");
    }
    if (roles.contains(Access.ADMIN) && !principal.isAdmin()) {
      throw AccessDeniedException.forbidden();
    }
    ctx.attribute(Requests.PRINCIPAL, principal);
  }

  /** The kind of credential a failed request presented, for the metrics (never any of its content). */
  private String attemptedMethod(Context ctx, boolean sessionOnly) {
    if (ctx.header("Authorization") != null && !sessionOnly) {
      return "bearer";
    }
    return cookies.read(ctx) != null ? "session" : "none";
  }

  private Principal authenticate(Context ctx, boolean adminRoute, boolean sessionOnly) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && !sessionOnly) {
      return bearer(ctx, authorization, adminRoute);
    }
    String cookie = cookies.read(ctx);
    if (cookie == null) {
      if (authorization != null) {
        throw new AuthenticationException("unauthenticated", "This endpoint needs a browser session.");
      }
      throw AuthenticationException.unauthenticated();
    }
    SessionService.Validated v = validate(ctx, cookie);
    if (unsafe(ctx)) {
      String provided = ctx.header("X-CSRF-Token");
      if (provided == null && Body.contentType(ctx).startsWith("application/x-www-form-urlencoded")) {
        provided = Body.read(() -> ctx.formParam("_csrf"));
      }
      if (!sessions.csrfMatches(v.session(), provided)) {
        throw csrfFailure(ctx, v.session().userId(), provided == null ? "missing CSRF token" : "wrong CSRF token");
      }
    }
    ctx.attribute(Requests.SESSION, v);
    return new Principal(v.account().id(), "session", v.account().roles(), Set.of(), v.session().id(), null);
  }

  /**
   * The browser session of a public route that behaves differently for a signed-in browser (a sign-in
   * page, the authorization endpoint); empty without a cookie or with a dead one (then cleared). No
   * CSRF check: a route that changes state on the strength of this session must check it itself.
   */
  public Optional<SessionService.Validated> browserSession(Context ctx) {
    SessionService.Validated known = ctx.attribute(Requests.SESSION);
    if (known != null) {
      return Optional.of(known);
    }
    String cookie = cookies.read(ctx);
    if (cookie == null) {
      return Optional.empty();
    }
    try {
      SessionService.Validated v = validate(ctx, cookie);
      ctx.attribute(Requests.SESSION, v);
      return Optional.of(v);
    } catch (AuthenticationException e) {
      return Optional.empty();
    }
  }

  private SessionService.Validated validate(Context ctx, String cookie) {
    SessionService.Validated v;
    try {
      v = sessions.validate(cookie);
    } catch (AuthenticationException e) {
      cookies.clear(ctx);
      throw e;
    }
    if (!contextWatch.admit(v.session(), requests.device(ctx))) {
      cookies.clear(ctx);
      throw AuthenticationException.sessionExpired("session used from another browser family or network; revoked");
    }
    // the store already holds the new secret: the client gets it whatever fails next (CSRF, role,
    // the handler), or the old one it keeps is dead and the user is logged out
    v.rotatedToken().ifPresent(t -> cookies.set(ctx, t, sessions.cookieLifetime(v.session())));
    return v;
  }

  private Principal bearer(Context ctx, String authorization, boolean adminRoute) {
    if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw AuthenticationException.invalidToken("Authorization header is not a Bearer credential");
    }
    String token = authorization.substring(7).trim();
    if (token.isEmpty()) {
      throw AuthenticationException.invalidToken("empty bearer token");
    }
    if (adminRoute && adminToken.isPresent() && Tokens.constantTimeEquals(adminToken.get(), token)) {
      return new Principal("admin-token", "admin_token", Set.of("admin"), Set.of(), null, null);
    }
    for (BearerVerifier verifier : bearers) {
      Optional<Principal> p = verifier.verify(token, ctx);
      if (p.isPresent()) {
        return p.get();
      }
    }
    throw AuthenticationException.invalidToken("bearer token of no known kind");
  }

  /** Counts, audits and returns the 403 {@code csrf_failed} for a refused request; also for page forms. */
  public AccessDeniedException csrfFailure(Context ctx, String userId, String reason) {
    metrics.csrfFailed();
    Device d = requests.device(ctx);
    audit.record(new AuditEvent(clock.instant(), AuditEvent.CSRF_FAILED, userId, d.ip(), d.userAgent(),
        reason + " on " + ctx.req().getMethod() + " " + ctx.path()));
    return AccessDeniedException.csrf(reason);
  }
}
