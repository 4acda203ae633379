package dev.portcullis.server.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Principal;
import dev.portcullis.login.PasswordChange;
import dev.portcullis.login.SignedIn;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** Registration, who-am-I and password change. */
public final class AccountRoutes {
  private final AccountService accounts;
  private final PasswordChange passwordChange;
  private final Cookies cookies;
  private final Requests requests;

  record Registered(String userId) {}

  record MeAnswer(String userId, String email, List<String> roles, String authMethod) {}

  /** {@code {csrf_token}} for a browser caller, {@code {}} for a token caller. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PasswordAnswer(String csrfToken) {}

  public AccountRoutes(AccountService accounts, PasswordChange passwordChange, Cookies cookies, Requests requests) {
    this.accounts = accounts;
    this.passwordChange = passwordChange;
    this.cookies = cookies;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/register", this::register, Access.PUBLIC);
    r.get("/v1/me", this::me, Access.USER, Access.API_KEY); // read-only identity: the one route open to a key
    r.post("/v1/me/password", this::changePassword, Access.USER);
  }

  private void register(Context ctx) {
    Body body = Body.of(ctx);
    Account account = accounts.register(body.string("email"), body.string("password"), requests.device(ctx));
    Json.write(ctx, 201, new Registered(account.id()));
  }

  private void me(Context ctx) {
    Principal p = Requests.principal(ctx);
    Account a = accounts.get(p.userId());
    Json.ok(ctx, new MeAnswer(a.id(), a.email(), a.roles().stream().sorted().toList(), p.method()));
  }

  /**
   * Every session and refresh token of the user dies and the token version is bumped; a browser
   * caller gets a brand-new session for this device in the same answer.
   */
  private void changePassword(Context ctx) {
    Principal p = Requests.principal(ctx);
    Body body = Body.of(ctx);
    PasswordChange.Changed changed = passwordChange.change(
        p, body.string("current_password"), body.string("new_password"), requests.device(ctx));
    changed.signedIn().ifPresent(in -> cookies.set(ctx, in.issued().token(), in.cookieLifetime()));
    Json.ok(ctx, new PasswordAnswer(changed.signedIn().map(SignedIn::csrfToken).orElse(null)));
  }
}
