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
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"error", "message"}} with the status of
 * the exception's branch. Anything unexpected is a 500 with a generic body and a log line.
 */
public final class ErrorHandling {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  private final Metrics metrics;

  public ErrorHandling(Metrics metrics) {
    this.metrics = metrics;
  }

  public static int status(AuthException e) {
    if (e instanceof OAuthException o) {
      return o.status();
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
    Challenges.forFailure(e, status).ifPresent(challenge -> ctx.header("WWW-Authenticate", challenge));
    switch (status) {
      case 401 -> metrics.authenticationFailed();
      case 429 -> {
        metrics.rateLimited();
        ctx.header("Retry-After", Long.toString(((RateLimitedException) e).retryAfter().toSeconds()));
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
    error(ctx, status, e.code(), e.getMessage());
  }

  /** The token endpoints answer in the RFC 6749 error form instead of the general one. */
  private void oauth(OAuthException e, Context ctx) {
    if (e.status() == 401) {
      metrics.authenticationFailed();
      ctx.header("WWW-Authenticate", Challenges.basic());
    }
    LOG.debug("{} {} -> {} {}: {}", ctx.method(), ctx.path(), e.status(), e.code(), e.logDetail());
    ctx.header("Pragma", "no-cache");
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", e.code());
    body.put("error_description", e.getMessage());
    Json.write(ctx, e.status(), body);
  }

  /** An error the framework raised (Javalin here, Jetty in {@link JsonErrorHandler}), by status. */
  record FrameworkError(String code, String message) {
    static FrameworkError of(int status) {
      return switch (status) {
        case 400 -> new FrameworkError("invalid_request", "The request is malformed.");
        case 401 -> new FrameworkError("unauthenticated", "Authentication is required.");
        case 404 -> new FrameworkError("not_found", "No such resource.");
        case 405 -> new FrameworkError("method_not_allowed", "This method is not allowed here.");
        case 413 -> new FrameworkError("payload_too_large", "The request body is too large.");
        case 431 -> new FrameworkError("headers_too_large", "The request headers are too large.");
        default -> status >= 500 ? new FrameworkError("internal_error", "Something went wrong on our side.")
            : new FrameworkError("invalid_request", "The request could not be served.");
      };
    }
  }

  private static void framework(int status, Context ctx) {
    FrameworkError f = FrameworkError.of(status);
    if (status == 401) {
      ctx.header("WWW-Authenticate", Challenges.bearer());
    }
    error(ctx, status, f.code(), f.message());
  }

  public static void error(Context ctx, int status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    Json.write(ctx, status, body);
  }
}
