package dev.portcullis.server.web;

import dev.portcullis.server.http.Requests;
import io.javalin.http.Context;

/**
 * Security headers of every HTML answer, set by one after-filter (errors included): a
 * Content-Security-Policy that allows no script at all and styles only from this server's
 * stylesheet, so an injected tag can neither run nor restyle, with {@code frame-ancestors 'none'}
 * against clickjacking; HSTS when the request came over HTTPS (RFC 6797 §7.2: never over plain
 * HTTP); and {@code Referrer-Policy: same-origin} instead of the API's {@code no-referrer}: under
 * {@code no-referrer} browsers send {@code Origin: null} with a form's POST (Fetch, "serializing a
 * request origin"), which the Origin check must refuse; {@code same-origin} still keeps
 * authorization URLs (state, challenges) from ever reaching another site. Every answer, pages
 * included, already carries {@code nosniff} and {@code X-Frame-Options: DENY} ({@code Cors}) and
 * {@code Cache-Control: no-store} unless a handler chose otherwise ({@code CacheControl}).
 */
public final class PageHeaders {
  private static final String EXTRA_FORM_ACTION = "portcullis.form-action";
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'%s; "
      + "frame-ancestors 'none'; base-uri 'none'";

  private final Requests requests;

  public PageHeaders(Requests requests) {
    this.requests = requests;
  }

  /**
   * Allows this page's form to end up at {@code source} (a CSP source such as
   * {@code http://127.0.0.1:8400} or {@code com.example.app:}): browsers apply {@code form-action}
   * to every redirect a form submission follows, so a sign-in that continues an authorization
   * request must be allowed to land on the client's registered redirect URI.
   */
  public static void allowFormTarget(Context ctx, String source) {
    ctx.attribute(EXTRA_FORM_ACTION, source);
  }

  public void after(Context ctx) {
    String type = ctx.res().getContentType();
    if (type == null || !type.startsWith("text/html")) {
      return;
    }
    String extra = ctx.attribute(EXTRA_FORM_ACTION);
    ctx.header("Content-Security-Policy", String.format(CSP, extra == null ? "" : " " + extra));
    ctx.header("Referrer-Policy", "same-origin");
    if (requests.secure(ctx)) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
