package dev.portcullis.server.web;

import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.server.http.ErrorPages;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Failures on pages, as pages: a readable heading and what to do next, never a stack trace or the
 * API's JSON. A page that needs a session and has none sends the browser to sign in and back.
 */
public final class PageErrors implements ErrorPages {
  private final Pages pages;

  public PageErrors(Pages pages) {
    this.pages = pages;
  }

  @Override
  public boolean handles(Context ctx) {
    return Pages.isPage(ctx);
  }

  @Override
  public void render(Context ctx, int status, AuthException failure) {
    if (status == 401) {
      String back = "GET".equals(ctx.req().getMethod())
          ? ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString())
          : ReturnTo.HOME;
      Pages.seeOther(ctx, PageRoutes.SIGN_IN + "?" + ReturnTo.PARAMETER + "="
          + URLEncoder.encode(ReturnTo.orHome(back), StandardCharsets.UTF_8));
      return;
    }
    pages.render(ctx, status, "message.jte", page(status, failure));
  }

  static MessagePage page(int status, AuthException failure) {
    if (failure instanceof AccessDeniedException && "csrf_failed".equals(failure.code())) {
      return message(403, "This form has expired",
          "For your safety the form could not be accepted: it was opened too long ago, in another browser, "
              + "or sent from another site. Open the page again and retry.", PageRoutes.SIGN_IN, "Back to sign in");
    }
    if (failure instanceof RateLimitedException limited) {
      long minutes = Math.max(1, (limited.retryAfter().toSeconds() + 59) / 60);
      return message(429, "Too many attempts",
          "Please wait " + minutes + (minutes == 1 ? " minute" : " minutes") + " before trying again.",
          PageRoutes.SIGN_IN, "Back to sign in");
    }
    return switch (status) {
      case 400 -> message(status, "This request cannot be served",
          failure == null ? "The request is malformed." : failure.getMessage(), ReturnTo.HOME, "Go to the start page");
      case 403 -> message(status, "Not allowed", "You may not open this page.", ReturnTo.HOME, "Go to the start page");
      case 404 -> message(status, "Page not found", "There is no page at this address.", ReturnTo.HOME,
          "Go to the start page");
      case 405 -> message(status, "Not allowed here", "This page cannot be used this way.", ReturnTo.HOME,
          "Go to the start page");
      case 503 -> message(status, "Temporarily unavailable",
          "The service cannot be reached right now. Nothing was changed; please try again in a moment.", null, null);
      default -> message(status, "Something went wrong",
          "We could not complete this request. Nothing was changed; please try again later.", ReturnTo.HOME,
          "Go to the start page");
    };
  }

  private static MessagePage message(int status, String heading, String message, String href, String linkText) {
    return new MessagePage(PageFrame.anonymous(heading), status, heading, message, href, linkText);
  }
}
