package dev.portcullis.server.web;

import dev.portcullis.account.AccountService;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.ConflictException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.login.BrowserLogin;
import dev.portcullis.login.SignedIn;
import dev.portcullis.server.Metrics;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Authenticator;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.Requests;
import dev.portcullis.session.SessionService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sign up, sign in and sign out as server-rendered pages, over the same use cases as the JSON API
 * ({@link AccountService#register}, {@link BrowserLogin}, {@link SessionService#logout}). Every form
 * posts with its CSRF token ({@link FormCsrf}) and answers 303 to a GET, so reloading never re-posts.
 */
public final class PageRoutes {
  public static final String SIGN_IN = "/signin";
  public static final String SIGN_UP = "/signup";
  public static final String SIGN_OUT = "/signout";
  public static final String STYLESHEET = "/assets/portcullis.css";
  private static final String WRONG_PASSWORD = "The email or password is incorrect.";

  private final Pages pages;
  private final FormCsrf csrf;
  private final Authenticator authenticator;
  private final AccountService accounts;
  private final BrowserLogin login;
  private final SessionService sessions;
  private final Cookies cookies;
  private final Requests requests;
  private final Metrics metrics;
  private final Function<String, Optional<String>> formTargets;
  private final ReturnTo returnTos;
  private final byte[] stylesheet;

  /**
   * @param formTargets the CSP source of where a sign-in continuing to a return path will land, if
   *     outside this server (see {@link AuthorizeRoutes#formTarget})
   */
  public PageRoutes(Pages pages, FormCsrf csrf, Authenticator authenticator, AccountService accounts,
      BrowserLogin login, SessionService sessions, Cookies cookies, Requests requests, Metrics metrics,
      Function<String, Optional<String>> formTargets, ReturnTo returnTos) {
    this.formTargets = formTargets;
    this.returnTos = returnTos;
    this.pages = pages;
    this.csrf = csrf;
    this.authenticator = authenticator;
    this.accounts = accounts;
    this.login = login;
    this.sessions = sessions;
    this.cookies = cookies;
    this.requests = requests;
    this.metrics = metrics;
    this.stylesheet = resource("/web/portcullis.css");
  }

  public void register(RoutesConfig r) {
    for (String path : new String[] {ReturnTo.HOME, SIGN_IN, SIGN_UP, SIGN_OUT}) {
      Pages.page(r, path);
    }
    r.get(ReturnTo.HOME, this::home, Access.SESSION);
    r.get(SIGN_IN, this::signInForm, Access.PUBLIC);
    r.post(SIGN_IN, this::signIn, Access.PUBLIC);
    r.get(SIGN_UP, this::signUpForm, Access.PUBLIC);
    r.post(SIGN_UP, this::signUp, Access.PUBLIC);
    r.get(SIGN_OUT, this::signOutForm, Access.SESSION);
    r.post(SIGN_OUT, this::signOut, Access.SESSION);
    r.get(STYLESHEET, this::stylesheet, Access.PUBLIC);
  }

  private void home(Context ctx) {
    SessionService.Validated v = Requests.session(ctx);
    pages.ok(ctx, "home.jte", new HomePage(PageFrame.of("Signed in", v, sessions), v.account().email()));
  }

  /** A browser signed in already goes straight on (switching accounts means signing out first). */
  private void signInForm(Context ctx) {
    String returnTo = returnTo(ctx.queryParam(ReturnTo.PARAMETER));
    if (authenticator.browserSession(ctx).isPresent()) {
      Pages.seeOther(ctx, returnTo == null ? ReturnTo.HOME : returnTo);
      return;
    }
    String notice = ctx.queryParam("signed_out") != null ? "You are signed out." : null;
    showSignIn(ctx, 200, null, returnTo, null, notice);
  }

  private void signIn(Context ctx) {
    csrf.verifyPreSession(ctx);
    Body form = Body.of(ctx);
    String email = form.optionalString("email").orElse("");
    String returnTo = returnTo(form.optionalString(ReturnTo.PARAMETER).orElse(null));
    try {
      SignedIn in = metrics.countLogin(() -> login.login(email, form.optionalString("password").orElse(""),
          cookies.read(ctx), requests.device(ctx)));
      // "Keep me signed in": a cookie that survives a browser restart; unticked, it ends with the browser
      cookies.set(ctx, in.issued().token(), in.cookieLifetime(), form.optionalString("remember").isPresent());
      Pages.seeOther(ctx, returnTo == null ? ReturnTo.HOME : returnTo);
    } catch (AuthenticationException e) {
      showSignIn(ctx, 401, email, returnTo, WRONG_PASSWORD, null);
    } catch (InvalidRequestException e) {
      showSignIn(ctx, 400, email, returnTo, e.getMessage(), null);
    }
  }

  private void showSignIn(Context ctx, int status, String email, String returnTo, String error, String notice) {
    allowFormTarget(ctx, returnTo);
    pages.render(ctx, status, "signin.jte", new SignInPage(PageFrame.anonymous("Sign in"), csrf.preSession(ctx),
        email, returnTo, error, notice));
  }

  private void signUpForm(Context ctx) {
    showSignUp(ctx, 200, null, returnTo(ctx.queryParam(ReturnTo.PARAMETER)), null);
  }

  /** Registers, then signs in with the same password: the two use cases the JSON API offers. */
  private void signUp(Context ctx) {
    csrf.verifyPreSession(ctx);
    Body form = Body.of(ctx);
    String email = form.optionalString("email").orElse("");
    String password = form.optionalString("password").orElse("");
    String returnTo = returnTo(form.optionalString(ReturnTo.PARAMETER).orElse(null));
    if (!password.equals(form.optionalString("password_again").orElse(""))) {
      showSignUp(ctx, 400, email, returnTo, "The two passwords differ.");
      return;
    }
    try {
      accounts.register(email, password, requests.device(ctx));
    } catch (InvalidRequestException e) {
      showSignUp(ctx, 400, email, returnTo, e.getMessage());
      return;
    } catch (ConflictException e) {
      showSignUp(ctx, 409, email, returnTo, "An account with this email exists already. Sign in instead.");
      return;
    }
    SignedIn in = metrics.countLogin(() -> login.login(email, password, cookies.read(ctx), requests.device(ctx)));
    cookies.set(ctx, in.issued().token(), in.cookieLifetime(), true);
    Pages.seeOther(ctx, returnTo == null ? ReturnTo.HOME : returnTo);
  }

  private void showSignUp(Context ctx, int status, String email, String returnTo, String error) {
    allowFormTarget(ctx, returnTo);
    pages.render(ctx, status, "signup.jte", new SignInPage(PageFrame.anonymous("Create an account"),
        csrf.preSession(ctx), email, returnTo, error, null));
  }

  private void signOutForm(Context ctx) {
    SessionService.Validated v = Requests.session(ctx);
    pages.ok(ctx, "signout.jte", new HomePage(PageFrame.of("Sign out", v, sessions), v.account().email()));
  }

  /** The session's CSRF token was checked by the authenticator, as for any unsafe request. */
  private void signOut(Context ctx) {
    sessions.logout(Requests.session(ctx).session(), requests.device(ctx));
    cookies.clear(ctx);
    Pages.seeOther(ctx, SIGN_IN + "?signed_out");
  }

  private void stylesheet(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.contentType("text/css; charset=utf-8").result(stylesheet);
  }

  private String returnTo(String value) {
    return returnTos.safe(value).orElse(null);
  }

  /**
   * Browsers apply the form's {@code form-action} to the redirects after its submission: allow where
   * this sign-in continues to, if that is off this server (an app's redirect URI, an allowed origin).
   */
  private void allowFormTarget(Context ctx, String returnTo) {
    formTargets.apply(returnTo).or(() -> returnTos.allowedOrigin(returnTo))
        .ifPresent(source -> PageHeaders.allowFormTarget(ctx, source));
  }

  /** A file of the jar, read once at start-up (the stylesheet, the dashboard's script). */
  public static byte[] resource(String name) {
    try (InputStream in = PageRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
