package dev.portcullis.server.routes;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Dto;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import dev.portcullis.session.SessionService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;

/** Registration, who-am-I and password change. */
public final class AccountRoutes {
  private final AccountService accounts;
  private final SessionService sessions;
  private final Cookies cookies;
  private final Requests requests;
  private final Clock clock;

  public AccountRoutes(AccountService accounts, SessionService sessions, Cookies cookies, Requests requests, Clock clock) {
    this.clock = clock;
    this.accounts = accounts;
    this.sessions = sessions;
    this.cookies = cookies;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/register", this::register, Access.PUBLIC);
    r.get("/v1/me", this::me, Access.USER);
    r.post("/v1/me/password", this::changePassword, Access.USER);
  }

  private void register(Context ctx) {
    Body body = Body.of(ctx);
    Account account = accounts.register(body.string("email"), body.string("password"), requests.device(ctx));
    Json.write(ctx, 201, Dto.of("user_id", account.id()));
  }

  private void me(Context ctx) {
    Principal p = Requests.principal(ctx);
    Account a = accounts.get(p.userId());
    Json.ok(ctx, Dto.of("user_id", a.id(), "email", a.email(),
        "roles", a.roles().stream().sorted().toList(), "auth_method", p.method()));
  }

  /**
   * Every session and refresh token of the user dies and the token version is bumped; a browser
   * caller gets a brand-new session for this device in the same answer.
   */
  private void changePassword(Context ctx) {
    Principal p = Requests.principal(ctx);
    Body body = Body.of(ctx);
    Device device = requests.device(ctx);
    Account account = accounts.changePassword(
        p.userId(), body.string("current_password"), body.string("new_password"), device);
    if (Requests.optionalSession(ctx).isPresent()) {
      SessionService.Issued issued = sessions.create(account, clock.instant(), device);
      cookies.set(ctx, issued.token(), sessions.cookieLifetime(issued.session()));
      Json.ok(ctx, Dto.of("csrf_token", sessions.csrfToken(issued.session())));
    } else {
      Json.ok(ctx, Dto.of());
    }
  }
}
