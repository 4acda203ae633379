package dev.portcullis.server.routes;

import dev.portcullis.check.CheckRequest;
import dev.portcullis.check.ForwardAuth;
import dev.portcullis.check.Verdict;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.server.Metrics;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/check}: forward auth for reverse proxies. Maps the proxy's headers onto
 * {@link ForwardAuth} and its verdict onto a status: 200 with {@code X-Auth-User},
 * {@code X-Auth-Method} and {@code X-Auth-Scopes} and an empty body; 401 or 403 through the usual
 * error handling; 302 to the sign-in URL for a browser navigation without a credential. The route
 * is PUBLIC for the {@code Authenticator}: the check authenticates itself, through the use case.
 */
public final class CheckRoutes {
  private final ForwardAuth forwardAuth;
  private final Cookies cookies;
  private final Requests requests;
  private final Metrics metrics;

  public CheckRoutes(ForwardAuth forwardAuth, Cookies cookies, Requests requests, Metrics metrics) {
    this.forwardAuth = forwardAuth;
    this.cookies = cookies;
    this.requests = requests;
    this.metrics = metrics;
  }

  public void register(RoutesConfig r) {
    r.get("/v1/check", this::check, Access.PUBLIC);
  }

  private void check(Context ctx) {
    Verdict v = forwardAuth.check(new CheckRequest(cookies.read(ctx), bearer(ctx.header("Authorization")),
        first(ctx, "X-Forwarded-Method", "X-Original-Method"), ctx.header("Origin"), ctx.header("Sec-Fetch-Site"),
        requests.ownOrigin(ctx), ctx.header("X-CSRF-Token"), words(ctx, "scope"), words(ctx, "role"),
        requests.device(ctx)));
    // after a privilege change the session has a new secret: the proxy passes this Set-Cookie back
    v.newSession().ifPresent(s -> cookies.set(ctx, s.token(), s.cookieLifetime()));
    if (v.deadSession()) {
      cookies.clear(ctx); // as the server's own routes do; the proxy passes it on like the rotated one
    }
    if (v.refusal().isPresent()) {
      AuthException e = v.refusal().get();
      if (e instanceof AccessDeniedException && "csrf_failed".equals(e.code())) {
        metrics.csrfFailed();
      }
      Optional<String> signIn = e instanceof AuthenticationException && navigation(ctx)
          ? forwardAuth.signInLocation(first(ctx, "X-Forwarded-Uri", "X-Original-URI"))
          : Optional.empty();
      if (signIn.isEmpty()) {
        throw e;
      }
      ctx.status(302).header("Location", signIn.get());
      return;
    }
    Verdict.Identity id = v.identity().orElseThrow();
    ctx.header("X-Auth-User", id.userId())
        .header("X-Auth-Method", id.method().wireName())
        .header("X-Auth-Scopes", String.join(" ", id.scopes().stream().sorted().toList()))
        .status(200);
  }

  /** The token of a Bearer credential; other schemes (Basic for the app behind) are not ours. */
  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
      return null;
    }
    return authorization.substring(6).trim();
  }

  /** A page load, not an API call (Fetch Metadata, or a browser's Accept for documents). */
  private static boolean navigation(Context ctx) {
    String mode = ctx.header("Sec-Fetch-Mode");
    if (mode != null) {
      return mode.trim().equalsIgnoreCase("navigate");
    }
    String accept = ctx.header("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }

  private static String first(Context ctx, String name, String fallback) {
    String value = ctx.header(name);
    return value != null ? value : ctx.header(fallback);
  }

  /** Every {@code name} parameter, each split on spaces and commas: all are required. */
  private static Set<String> words(Context ctx, String name) {
    return ctx.queryParams(name).stream()
        .flatMap(v -> Arrays.stream(v.split("[\\s,]+")))
        .filter(w -> !w.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
