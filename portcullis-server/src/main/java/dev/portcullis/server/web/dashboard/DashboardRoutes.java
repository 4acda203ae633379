package dev.portcullis.server.web.dashboard;

import dev.portcullis.account.AccountService;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.client.ClientService;
import dev.portcullis.device.DeviceService;
import dev.portcullis.login.PasswordChange;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Requests;
import dev.portcullis.server.web.PageRoutes;
import dev.portcullis.server.web.Pages;
import dev.portcullis.session.SessionService;
import dev.portcullis.token.SigningKeys;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The dashboard: every user's own pages ({@link AccountPages}, under {@code /account}) and the
 * administrator's console ({@link AdminPages}, under {@code /admin}), server-rendered with the
 * sign-in pages' layout, headers, CSRF and error pages. One small script, {@value #SCRIPT}, served
 * from this origin: the copy button of a secret shown once.
 */
public final class DashboardRoutes {
  public static final String HOME = AccountPages.DEVICES;
  public static final String SCRIPT = "/assets/dashboard.js";

  private final AccountPages account;
  private final AdminPages admin;
  private final byte[] script;

  public record Services(SessionService sessions, AccountService accounts, DeviceService devices,
      PasswordChange passwordChange, ApiKeyService apiKeys, ClientService clients, SigningKeys signingKeys,
      AuditLog audit) {}

  public DashboardRoutes(Pages pages, Services s, Cookies cookies, Requests requests, ShownOnce shownOnce) {
    Frames frames = new Frames(pages, s.sessions());
    this.account = new AccountPages(frames, s.devices(), s.passwordChange(), s.apiKeys(), s.audit(), cookies,
        requests, shownOnce);
    this.admin = new AdminPages(frames, s.accounts(), s.devices(), s.apiKeys(), s.clients(), s.signingKeys(),
        s.audit(), requests, shownOnce);
    this.script = PageRoutes.resource("/web/dashboard.js");
  }

  public void register(RoutesConfig r) {
    account.register(r);
    admin.register(r);
    r.get(SCRIPT, this::script, Access.PUBLIC);
  }

  private void script(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.contentType("text/javascript; charset=utf-8").result(script);
  }
}
