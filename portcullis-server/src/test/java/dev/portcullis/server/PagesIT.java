package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sign-up, sign-in and sign-out pages over real HTTP: their security headers, the CSRF token
 * of every form (pre-session and session), readable failure pages, and no open redirect.
 */
class PagesIT {
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  static ServerHarness h;
  static ServerHarness behindTls;
  static ServerHarness withApp;

  @BeforeAll
  static void start() {
    h = ServerHarness.dev();
    behindTls = new ServerHarness(b -> b.dev(false).trustProxy(true));
    withApp = new ServerHarness(b -> b.allowedOrigins(java.util.Set.of("https://app.example")));
  }

  @AfterAll
  static void stop() {
    h.close();
    behindTls.close();
    withApp.close();
  }

  static String csrfField(Browser.Response page) {
    Matcher m = CSRF_FIELD.matcher(page.body());
    assertThat(m.find()).as("a _csrf field in %s", page.body()).isTrue();
    return m.group(1);
  }

  static Browser.Response postForm(Browser b, String path, String... kv) {
    return b.postRaw(path, OAuth.form(kv), "application/x-www-form-urlencoded");
  }

  /** Opens the sign-in page and posts it: what a person does. */
  static Browser.Response signIn(Browser b, String email, String password, String returnTo) {
    String token = csrfField(b.get("/signin"));
    return returnTo == null
        ? postForm(b, "/signin", "_csrf", token, "email", email, "password", password)
        : postForm(b, "/signin", "_csrf", token, "email", email, "password", password, "return_to", returnTo);
  }

  @Test
  void signInPageHasAStrictPolicyLabelledInputsAndAFormToken() {
    Browser.Response page = h.browser().get("/signin");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    String csp = page.header("Content-Security-Policy");
    assertThat(csp).contains("default-src 'none'", "style-src 'self'", "form-action 'self'",
        "frame-ancestors 'none'", "base-uri 'none'").doesNotContain("unsafe-inline", "script-src");
    // not no-referrer: with it browsers post forms with Origin: null, which the Origin check refuses
    assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.header("Strict-Transport-Security")).as("RFC 6797 §7.2: not over plain HTTP").isNull();
    assertThat(page.body()).contains("<label for=\"email\">", "<label for=\"password\">",
        "autocomplete=\"current-password\"").doesNotContain("<script", "style=");
    assertThat(page.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_csrf=").contains("HttpOnly"));
  }

  @Test
  void behindTlsPagesGetHstsAndTheHostPrefixedFormCookie() {
    Browser.Response page = behindTls.browser().get("/signin", "X-Forwarded-Proto", "https");
    assertThat(page.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    assertThat(page.setCookies()).anySatisfy(c -> assertThat(c).startsWith("__Host-portcullis-csrf=")
        .contains("Secure", "HttpOnly", "Path=/").doesNotContain("Domain"));
  }

  @Test
  void stylesheetIsServedFromThisOriginAsCss() {
    Browser.Response css = h.browser().get("/assets/portcullis.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).startsWith("text/css");
    assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(css.body()).contains(".card");
  }

  @Test
  void signInRedirectsToTheReturnPathWithANewSession() {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    Browser.Response r = signIn(b, email, ServerHarness.PASSWORD, "/signout?x=1");
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo("/signout?x=1");
    assertThat(b.cookie("portcullis_session")).isNotNull();
    Browser.Response home = b.get("/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body()).contains(email);
    assertThat(b.get("/v1/me").json().get("email").asText()).isEqualTo(email);
  }

  @Test
  void wrongPasswordShowsAReadablePageKeepingTheEmailNotThePassword() {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    Browser.Response r = signIn(b, email, "not the password at all", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("The email or password is incorrect.", "value=\"" + email + "\"")
        .doesNotContain("not the password at all");
    assertThat(b.cookie("portcullis_session")).isNull();
  }

  @Test
  void whatAUserTypedIsEscapedNeverMarkup() {
    Browser b = h.browser();
    Browser.Response r = signIn(b, "\"><script>alert(1)</script>@x", "whatever password", null);
    assertThat(r.status()).isEqualTo(400);
    // JTE escapes for the attribute: the quote cannot close it and no tag can open
    assertThat(r.body()).doesNotContain("<script>alert(1)").contains("value=\"&#34;>&lt;script>alert(1)&lt;/script>@x\"");
  }

  /** The login throttle applies to the page as to the API, and says so in a page. */
  @Test
  void tooManyWrongPasswordsGiveAReadable429Page() {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    Browser.Response r = null;
    for (int i = 0; i < 10 && (r == null || r.status() != 429); i++) {
      r = signIn(b, email, "wrong password number " + i, null);
    }
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isNotNull();
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("Too many attempts", "Please wait");
  }

  @Test
  void aFormWithoutItsTokenIsRefusedWithAPage() {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    b.get("/signin"); // has the nonce cookie, but posts no token
    Browser.Response missing = postForm(b, "/signin", "email", email, "password", ServerHarness.PASSWORD);
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.header("Content-Type")).startsWith("text/html");
    assertThat(missing.body()).contains("This form has expired");
    assertThat(b.cookie("portcullis_session")).isNull();
  }

  @Test
  void aTokenFromAnotherBrowserDoesNotPass() {
    String email = ServerHarness.email();
    h.register(email);
    String attackersToken = csrfField(h.browser().get("/signin")); // the attacker's own visit
    Browser victim = h.browser();
    victim.get("/signin");
    Browser.Response r = postForm(victim, "/signin", "_csrf", attackersToken, "email", email, "password",
        ServerHarness.PASSWORD);
    assertThat(r.status()).isEqualTo(403);
    Browser noCookie = h.browser();
    assertThat(postForm(noCookie, "/signin", "_csrf", attackersToken, "email", email, "password",
        ServerHarness.PASSWORD).status()).isEqualTo(403);
  }

  @Test
  void aFormPostedFromAnotherSiteIsRefusedByItsOrigin() {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    String token = csrfField(b.get("/signin"));
    Browser.Response r = b.postRaw("/signin", OAuth.form("_csrf", token, "email", email, "password",
        ServerHarness.PASSWORD), "application/x-www-form-urlencoded", "Origin", "https://evil.example");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("This form has expired");
  }

  @Test
  void theReturnPathCannotLeaveThisServer() {
    String email = ServerHarness.email();
    h.register(email);
    for (String evil : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example",
        "javascript:alert(1)", "/\tevil", "evil.example"}) {
      Browser b = h.browser();
      Browser.Response r = signIn(b, email, ServerHarness.PASSWORD, evil);
      assertThat(r.status()).isEqualTo(303);
      assertThat(r.header("Location")).as("return_to %s", evil).isEqualTo("/");
      assertThat(b.get("/signin?return_to=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8))
          .header("Location")).isEqualTo("/");
    }
  }

  /**
   * Forward auth sends a browser here with the app's URL as return_to: an allowed origin's URL is
   * kept (and allowed as the form's target), any other origin is not (the same rule as /v1/check).
   */
  @Test
  void anAllowedOriginsUrlIsAReturnPathAndNoOtherOrigin() {
    String email = ServerHarness.email();
    withApp.register(email);
    String back = "https://app.example/reports?week=12";
    Browser b = withApp.browser();
    Browser.Response form = b.get("/signin?return_to=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(form.header("Content-Security-Policy")).contains("form-action 'self' https://app.example;");
    Browser.Response r = postForm(b, "/signin", "_csrf", csrfField(form), "email", email, "password",
        ServerHarness.PASSWORD, "return_to", back);
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo(back);
    for (String other : new String[] {"https://app.example.evil/", "http://app.example/", "https://user@app.example/",
        "https://evil.example/"}) {
      Browser c = withApp.browser();
      Browser.Response page = c.get("/signin?return_to=" + java.net.URLEncoder.encode(other, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(page.header("Content-Security-Policy")).as(other).contains("form-action 'self';");
      assertThat(postForm(c, "/signin", "_csrf", csrfField(page), "email", email, "password", ServerHarness.PASSWORD,
          "return_to", other).header("Location")).as(other).isEqualTo("/");
    }
  }

  @Test
  void signUpSignsInAndSignOutNeedsTheSessionToken() {
    Browser b = h.browser();
    String email = ServerHarness.email();
    String token = csrfField(b.get("/signup"));
    Browser.Response differ = postForm(b, "/signup", "_csrf", token, "email", email, "password",
        ServerHarness.PASSWORD, "password_again", "something else");
    assertThat(differ.status()).isEqualTo(400);
    assertThat(differ.body()).contains("The two passwords differ.");
    Browser.Response weak = postForm(b, "/signup", "_csrf", token, "email", email, "password", "short",
        "password_again", "short");
    assertThat(weak.status()).isEqualTo(400);
    Browser.Response made = postForm(b, "/signup", "_csrf", token, "email", email, "password",
        ServerHarness.PASSWORD, "password_again", ServerHarness.PASSWORD);
    assertThat(made.status()).isEqualTo(303);
    assertThat(made.header("Location")).isEqualTo("/");
    Browser.Response again = postForm(h.browser(), "/signup", "_csrf", token, "email", email, "password",
        ServerHarness.PASSWORD, "password_again", ServerHarness.PASSWORD);
    assertThat(again.status()).as("another browser, the first one's token").isEqualTo(403);

    Browser.Response confirm = b.get("/signout");
    assertThat(confirm.status()).isEqualTo(200);
    String sessionToken = csrfField(confirm);
    assertThat(postForm(b, "/signout").status()).isEqualTo(403);
    assertThat(postForm(b, "/signout", "_csrf", token).status()).as("the pre-session token").isEqualTo(403);
    Browser.Response out = postForm(b, "/signout", "_csrf", sessionToken);
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.header("Location")).isEqualTo("/signin?signed_out");
    assertThat(b.get("/v1/me").status()).isEqualTo(401);
    assertThat(b.get("/signin?signed_out").body()).contains("You are signed out.");
  }

  @Test
  void aPageThatNeedsASessionSendsTheBrowserToSignInAndBack() {
    Browser.Response r = h.browser().get("/signout");
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo("/signin?return_to=%2Fsignout");
    assertThat(r.header("WWW-Authenticate")).isNull();
  }

  @Test
  void wrongMethodOnAPageIsAPageAndTheApiStaysJson() {
    Browser.Response put = h.browser().send("PUT", "/signin", "", "text/plain");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.header("Content-Type")).startsWith("text/html");
    assertThat(h.browser().get("/v1/session").header("Content-Type")).startsWith("application/json");
  }
}
