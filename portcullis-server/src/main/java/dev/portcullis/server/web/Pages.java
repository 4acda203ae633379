package dev.portcullis.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Renders the server's HTML pages: JTE templates from {@code src/main/jte}, precompiled at build
 * time (no template compiler at run time) with the HTML content type, so every {@code ${}} is
 * escaped for where it stands. A page is one template taking one record ({@code signin.jte} takes
 * a {@link SignInPage}); each wraps itself in {@code layout.jte} with a {@link PageFrame}.
 *
 * <p>Paths registered with {@link #page} are marked as pages before authentication runs, so that a
 * failure there (a CSRF refusal, an expired session, a rate limit) is answered by {@link PageErrors}
 * with an HTML page, not the API's JSON. The response headers (CSP and friends) come from
 * {@link PageHeaders}, an after-filter on every HTML answer.
 */
public final class Pages {
  private static final String PAGE = "portcullis.page";

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Marks {@code path} as a page: its errors render as HTML. Call before registering its handlers. */
  public static void page(RoutesConfig routes, String path) {
    routes.before(path, ctx -> ctx.attribute(PAGE, Boolean.TRUE));
  }

  /** True on a path marked with {@link #page}. */
  public static boolean isPage(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(PAGE));
  }

  /** Renders {@code template} (e.g. {@code "signin.jte"}) with its one parameter as the answer. */
  public void render(Context ctx, int status, String template, Object model) {
    StringOutput out = new StringOutput();
    engine.render(template, model, out);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  /** 200 {@link #render}. */
  public void ok(Context ctx, String template, Object model) {
    render(ctx, 200, template, model);
  }

  /**
   * 303 See Other to a path of this server (RFC 9110 §15.4.4: the browser follows with a GET, so
   * a reload never re-posts a form).
   */
  public static void seeOther(Context ctx, String location) {
    ctx.status(303).header("Location", location);
  }
}
