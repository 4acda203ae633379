package dev.portcullis.server.http;

import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.ConflictException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.error.StoreUnavailableException;
import dev.portcullis.server.Metrics;
import dev.portcullis.throttle.QuotaExceededException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"error", "message"}} with the status of
 * the exception's branch ({@link #status}, the one table from failure to status; the framework's own
 * errors are in {@link FrameworkError}). Anything unexpected is a 500 with a generic body and a log line.
 */
public final class ErrorHandling {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  private final Metrics metrics;
  private final ErrorPages pages;

  /** Every failure as JSON: for an app with no pages. */
  public ErrorHandling(Metrics metrics) {
    this(metrics, new ErrorPages() {
      @Override
      public boolean handles(Context ctx) {
        return false;
      }

      @Override
      public void render(Context ctx, int status, AuthException failure) {
        throw new IllegalStateException("no pages");
      }
    });
  }

  public ErrorHandling(Metrics metrics, ErrorPages pages) {
    this.metrics = metrics;
    this.pages = pages;
  }

  /** The general error body. */
  record ErrorBody(String error, String message) {}

  /** The token endpoints' error body (RFC 6749 section 5.2). */
  record OAuthErrorBody(String error, String errorDescription) {}

  /** The status of a failure: by branch, and at the token endpoints by the OAuth error code. */
  public static int status(AuthException e) {
    if (e instanceof OAuthException) {
      // RFC 6749 section 5.2: a failed client authentication is 401, every other token-endpoint error 400
      return OAuthException.INVALID_CLIENT.equals(e.code()) ? 401 : 400;
    } else if (e instanceof AuthenticationException) {
      return 401;
    } else if (e instanceof AccessDeniedException) {
      return 403;
    } else if (e instanceof InvalidRequestException) {
      return 400;
    } else if (e instanceof NotFoundException) {
      return 404;
    } else if (e instanceof ConflictException) {
      return 409;
    } else if (e instanceof RateLimitedException) {
      return 429;
    } else if (e instanceof StoreUnavailableException) {
      return 503;
    }
    return 500;
  }

  public void register(RoutesConfig routes) {
    routes.exception(AuthException.class, (e, ctx) -> handle(e, ctx));
    routes.exception(HttpResponseException.class, (e, ctx) -> framework(e.getStatus(), ctx));
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
      framework(500, ctx);
    });
    for (int status : new int[] {404, 405}) {
      routes.error(status, ctx -> {
        if (ctx.result() == null) {
          framework(status, ctx);
        }
      });
    }
  }

  public void handle(AuthException e, Context ctx) {
    if (e instanceof OAuthException oauth) {
      oauth(oauth, ctx);
      return;
    }
    int status = status(e);
    boolean page = pages.handles(ctx);
    if (!page) {
      Challenges.forFailure(e, status).ifPresent(challenge -> ctx.header("WWW-Authenticate", challenge));
    }
    switch (status) {
      case 401 -> metrics.authenticationFailed();
      case 429 -> {
        metrics.rateLimited();
        ctx.header("Retry-After", Long.toString(((RateLimitedException) e).retryAfter().toSeconds()));
        if (e instanceof QuotaExceededException q) {
          RateLimitHeaders.write(ctx, q.usage());
        }
      }
      case 503 -> {
        metrics.storeUnavailable();
        ctx.header("Retry-After", "1");
        LOG.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.logDetail(), e.getCause());
      }
      case 500 -> LOG.error("unmapped failure on {} {}", ctx.method(), ctx.path(), e);
      default -> { }
    }
    if (status != 503 && status != 500 && LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {} {}: {}", ctx.method(), ctx.path(), status, e.code(), e.logDetail());
    }
    if (page) {
      pages.render(ctx, status, e);
    } else {
      render(ctx, e);
    }
  }

  /**
   * Writes the general error body of {@code e} with the status of its branch, and nothing else: for
   * a filter that ends the request itself (a refused CORS preflight); the rest throw.
   */
  public static void render(Context ctx, AuthException e) {
    Json.write(ctx, status(e), new ErrorBody(e.code(), e.getMessage()));
  }

  /** The token endpoints answer in the RFC 6749 error form instead of the general one. */
  private void oauth(OAuthException e, Context ctx) {
    int status = status(e);
    if (status == 401) {
      metrics.authenticationFailed();
      ctx.header("WWW-Authenticate", Challenges.basic());
    }
    LOG.debug("{} {} -> {} {}: {}", ctx.method(), ctx.path(), status, e.code(), e.logDetail());
    ctx.header("Pragma", "no-cache");
    Json.write(ctx, status, new OAuthErrorBody(e.code(), e.getMessage()));
  }

  private void framework(int status, Context ctx) {
    if (pages.handles(ctx)) {
      pages.render(ctx, status, null);
      return;
    }
    FrameworkError f = FrameworkError.of(status);
    f.challenge().ifPresent(challenge -> ctx.header("WWW-Authenticate", challenge));
    Json.write(ctx, status, f.body());
  }
}
