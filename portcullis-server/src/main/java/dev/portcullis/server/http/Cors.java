package dev.portcullis.server.http;

import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.error.AccessDeniedException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * CORS for exactly the configured origins, with credentials; every other origin gets no CORS
 * header at all (so the browser blocks the read). Also sets headers every answer should carry.
 */
public final class Cors {
  private final OriginPolicy origins;

  public Cors(OriginPolicy origins) {
    this.origins = origins;
  }

  public void before(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    String origin = ctx.header("Origin");
    if (origin != null && origins.isAllowedCrossOrigin(origin)) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Access-Control-Allow-Credentials", "true");
      ctx.header("Vary", "Origin");
    }
    if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
      preflight(ctx);
      ctx.skipRemainingHandlers();
    }
  }

  /** Preflight: 204 with the allowed methods and headers if the origin is allowed, else 403. */
  private void preflight(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || !origins.isAllowedCrossOrigin(origin)) {
      ErrorHandling.render(ctx, new AccessDeniedException("forbidden", "This origin is not allowed."));
      return;
    }
    ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
    ctx.header("Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token, Authorization");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }
}
