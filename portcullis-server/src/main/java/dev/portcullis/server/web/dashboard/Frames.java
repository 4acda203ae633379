package dev.portcullis.server.web.dashboard;

import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Requests;
import dev.portcullis.server.web.PageFrame;
import dev.portcullis.server.web.PageHeaders;
import dev.portcullis.server.web.Pages;
import dev.portcullis.session.SessionService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What every dashboard page shares: registering a path as a page, the {@link Views.Nav} around it,
 * the notice an action's 303 asks for ({@code ?done=…}, a fixed word, so no text of the URL is ever
 * shown), and reading a form.
 */
final class Frames {
  private static final Map<String, String> NOTICES = Map.ofEntries(
      Map.entry("device_revoked", "The device is signed out."),
      Map.entry("others_revoked", "Every other device is signed out."),
      Map.entry("password_changed", "Your password is changed. Every other device is signed out."),
      Map.entry("key_created", "The API key is created."),
      Map.entry("key_rotated", "The API key is rotated: the old one keeps working until the time shown."),
      Map.entry("key_revoked", "The API key is revoked."),
      Map.entry("roles_changed", "The roles are saved. They apply from the user's next request."),
      Map.entry("logged_out", "The user is signed out everywhere."),
      Map.entry("client_created", "The client is registered."),
      Map.entry("client_deleted", "The client is deleted. Its access tokens run out within their lifetime."),
      Map.entry("signing_key_rotated", "A new signing key is published; it signs once caches have caught up."),
      Map.entry("signing_key_switched", "A new signing key signs from now on; every other key is withdrawn."));

  private final Pages pages;
  private final SessionService sessions;
  private final Set<String> marked = new HashSet<>();

  Frames(Pages pages, SessionService sessions) {
    this.pages = pages;
    this.sessions = sessions;
  }

  void get(RoutesConfig r, String path, Handler h, RouteRole... roles) {
    mark(r, path);
    r.get(path, h, roles);
  }

  void post(RoutesConfig r, String path, Handler h, RouteRole... roles) {
    mark(r, path);
    r.post(path, h, roles);
  }

  private void mark(RoutesConfig r, String path) {
    if (marked.add(path)) {
      Pages.page(r, path);
    }
  }

  Views.Nav nav(Context ctx, String title, String section) {
    return nav(ctx, title, section, null);
  }

  Views.Nav nav(Context ctx, String title, String section, String error) {
    SessionService.Validated v = Requests.session(ctx);
    PageHeaders.allowOwnScripts(ctx); // /assets/dashboard.js: the copy button
    String done = ctx.queryParam("done");
    return new Views.Nav(PageFrame.of(title, v, sessions), Requests.principal(ctx).isAdmin(), section,
        done == null ? null : NOTICES.get(done), error);
  }

  void render(Context ctx, int status, String template, Object view) {
    pages.render(ctx, status, template, view);
  }

  static void done(Context ctx, String path, String notice) {
    if (!NOTICES.containsKey(notice)) {
      throw new IllegalArgumentException(notice);
    }
    Pages.seeOther(ctx, path + (path.contains("?") ? "&" : "?") + "done=" + notice);
  }

  static String field(Context ctx, String name) {
    return Body.of(ctx).optionalString(name).map(String::strip).orElse("");
  }

  /** Words separated by spaces or commas, in order, without repeats ({@code "read, write"}). */
  static Set<String> words(String value) {
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(value.split("[\\s,]+")).filter(w -> !w.isEmpty()).forEach(out::add);
    return out;
  }

  static String limited(Context ctx, String name, int max) {
    String value = ctx.queryParam(name);
    if (value != null && value.length() > max) {
      throw new InvalidRequestException(name + " must be at most " + max + " characters.");
    }
    return value == null || value.isBlank() ? null : value.strip();
  }
}
