package dev.portcullis.server.web.dashboard;

import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Principal;
import dev.portcullis.device.DeviceService;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.login.PasswordChange;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Requests;
import dev.portcullis.server.web.PageRoutes;
import dev.portcullis.server.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in user's pages: devices, password, API keys and security events, over the use cases
 * the JSON API calls ({@link DeviceService}, {@link PasswordChange}, {@link ApiKeyService},
 * {@link AuditLog}). Every action is a form POST carrying the session's CSRF token (checked by the
 * authenticator) and answers 303.
 */
final class AccountPages {
  static final String DEVICES = "/account";
  static final String PASSWORD = "/account/password";
  static final String KEYS = "/account/keys";
  static final String EVENTS = "/account/events";
  static final int EVENTS_PER_PAGE = 25;

  private final Frames frames;
  private final DeviceService devices;
  private final PasswordChange passwordChange;
  private final ApiKeyService apiKeys;
  private final AuditLog audit;
  private final Cookies cookies;
  private final Requests requests;
  private final ShownOnce shownOnce;

  AccountPages(Frames frames, DeviceService devices, PasswordChange passwordChange, ApiKeyService apiKeys,
      AuditLog audit, Cookies cookies, Requests requests, ShownOnce shownOnce) {
    this.frames = frames;
    this.devices = devices;
    this.passwordChange = passwordChange;
    this.apiKeys = apiKeys;
    this.audit = audit;
    this.cookies = cookies;
    this.requests = requests;
    this.shownOnce = shownOnce;
  }

  void register(RoutesConfig r) {
    frames.get(r, DEVICES, this::devices, Access.SESSION);
    frames.post(r, DEVICES + "/devices/{id}/revoke", this::revoke, Access.SESSION);
    frames.post(r, DEVICES + "/devices/revoke-others", this::revokeOthers, Access.SESSION);
    frames.get(r, PASSWORD, ctx -> showPassword(ctx, 200, null), Access.SESSION);
    frames.post(r, PASSWORD, this::changePassword, Access.SESSION);
    frames.get(r, KEYS, this::keys, Access.SESSION);
    frames.post(r, KEYS, this::createKey, Access.SESSION);
    frames.post(r, KEYS + "/{id}/rotate", this::rotateKey, Access.SESSION);
    frames.post(r, KEYS + "/{id}/revoke", this::revokeKey, Access.SESSION);
    frames.get(r, EVENTS, this::events, Access.SESSION);
  }

  private void devices(Context ctx) {
    List<Views.DeviceRow> rows = devices.list(Requests.principal(ctx)).stream().map(Views.DeviceRow::new).toList();
    frames.render(ctx, 200, "dashboard/devices.jte", new Views.DevicesView(frames.nav(ctx, "Your devices", "devices"), rows));
  }

  /** Ending this browser's own session signs it out, as the sign-out button does. */
  private void revoke(Context ctx) {
    if (devices.revoke(Requests.principal(ctx), ctx.pathParam("id"), requests.device(ctx))) {
      cookies.clear(ctx);
      Pages.seeOther(ctx, PageRoutes.SIGN_IN + "?signed_out");
      return;
    }
    Frames.done(ctx, DEVICES, "device_revoked");
  }

  private void revokeOthers(Context ctx) {
    devices.revokeOthers(Requests.principal(ctx), requests.device(ctx));
    Frames.done(ctx, DEVICES, "others_revoked");
  }

  private void showPassword(Context ctx, int status, String error) {
    frames.render(ctx, status, "dashboard/password.jte",
        new Views.PasswordView(frames.nav(ctx, "Change password", "password", error)));
  }

  /**
   * Every other session and app login of the user ends (as on the JSON API); this browser gets a
   * new session at once, as long-lived as the one it had. A wrong current password is a form error
   * here, not a sign-out.
   */
  private void changePassword(Context ctx) {
    String next = Frames.field(ctx, "new_password");
    if (!next.equals(Frames.field(ctx, "new_password_again"))) {
      showPassword(ctx, 400, "The two new passwords differ.");
      return;
    }
    PasswordChange.Changed changed;
    try {
      changed = passwordChange.change(Requests.principal(ctx), Frames.field(ctx, "current_password"), next,
          requests.device(ctx));
    } catch (AccessDeniedException e) {
      showPassword(ctx, 403, "The current password is incorrect.");
      return;
    } catch (InvalidRequestException e) {
      showPassword(ctx, 400, e.getMessage());
      return;
    }
    changed.signedIn().ifPresent(in -> cookies.set(ctx, in.issued().token(), in.cookieLifetime()));
    Frames.done(ctx, PASSWORD, "password_changed");
  }

  private void keys(Context ctx) {
    Principal p = Requests.principal(ctx);
    ShownOnce.Secret shown = shownOnce.take(ctx, p.sessionId(), KEYS).orElse(null);
    frames.render(ctx, 200, "dashboard/keys.jte",
        new Views.KeysView(frames.nav(ctx, "API keys", "keys"), apiKeys.list(p.userId()), shown));
  }

  private void createKey(Context ctx) {
    Principal p = Requests.principal(ctx);
    String days = Frames.field(ctx, "expires_in_days");
    Optional<Duration> expiresIn = days.isEmpty() ? Optional.empty() : Optional.of(Duration.ofDays(number(days,
        "expires_in_days")));
    ApiKeyService.Created c = apiKeys.create(p.userId(), Frames.field(ctx, "name"),
        Frames.words(Frames.field(ctx, "scopes")), expiresIn, requests.device(ctx));
    shownOnce.put(ctx, p.sessionId(), KEYS, "New API key “" + c.apiKey().name() + "”", c.key());
    Frames.done(ctx, KEYS, "key_created");
  }

  /** The successor is shown once; the old key keeps working for the grace chosen. */
  private void rotateKey(Context ctx) {
    Principal p = Requests.principal(ctx);
    String hours = Frames.field(ctx, "grace_hours");
    Optional<Duration> grace = hours.isEmpty() ? Optional.empty() : Optional.of(Duration.ofHours(number(hours,
        "grace_hours")));
    ApiKeyService.Created c = apiKeys.rotate(p.userId(), ctx.pathParam("id"), grace, requests.device(ctx));
    shownOnce.put(ctx, p.sessionId(), KEYS, "Rotated API key “" + c.apiKey().name() + "”", c.key());
    Frames.done(ctx, KEYS, "key_rotated");
  }

  private void revokeKey(Context ctx) {
    apiKeys.revoke(Requests.principal(ctx), ctx.pathParam("id"), requests.device(ctx));
    Frames.done(ctx, KEYS, "key_revoked");
  }

  private void events(Context ctx) {
    String userId = Requests.principal(ctx).userId();
    String before = Frames.limited(ctx, "before", 64);
    List<AuditLog.Recorded> page = audit.page(userId, null, before == null ? null : AuditLog.Position.parse(before),
        EVENTS_PER_PAGE);
    frames.render(ctx, 200, "dashboard/events.jte", new Views.EventsView(frames.nav(ctx, "Security events", "events"),
        page, older(page, EVENTS_PER_PAGE), userId, null));
  }

  /** The cursor of the next, older page: only after a full page. */
  static String older(List<AuditLog.Recorded> page, int limit) {
    return page.size() < limit ? null : page.get(page.size() - 1).position().toString();
  }

  static long number(String value, String name) {
    try {
      long n = Long.parseLong(value);
      if (n >= 0 && n <= 100_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the same answer as out of range
    }
    throw new InvalidRequestException(name + " must be a whole number.");
  }
}
