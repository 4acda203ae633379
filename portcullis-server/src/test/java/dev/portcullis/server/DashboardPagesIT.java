package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's pages over real HTTP: their headers, escaping, CSRF and access rules, readable
 * failures that change nothing, the secret shown once, paging, the session-only cookie, and races.
 */
class DashboardPagesIT {
  private static final Pattern SECRET = Pattern.compile("id=\"secret-value\" type=\"text\" readonly value=\"([^\"]+)\"");
  private static final List<String> USER_PAGES = List.of("/account", "/account/password", "/account/keys",
      "/account/events");
  private static final List<String> ADMIN_PAGES = List.of("/admin/users", "/admin/clients", "/admin/keys",
      "/admin/audit");
  @RegisterExtension
  static final DevServer server = new DevServer();

  static ServerHarness h() {
    return server.harness();
  }

  /** A browser signed in through the sign-in page, as a person does. */
  static Browser signedIn(String email, boolean remember) {
    Browser b = h().browser();
    String token = PagesIT.csrfField(b.get("/signin"));
    Browser.Response r = remember
        ? PagesIT.postForm(b, "/signin", "_csrf", token, "email", email, "password", ServerHarness.PASSWORD, "remember", "1")
        : PagesIT.postForm(b, "/signin", "_csrf", token, "email", email, "password", ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    b.csrf = PagesIT.csrfField(b.get("/account")); // the session's token, for the JSON API's X-CSRF-Token
    return b;
  }

  static Browser newUser() {
    String email = ServerHarness.email();
    h().register(email);
    return signedIn(email, false);
  }

  static Browser newAdmin() {
    String email = ServerHarness.email();
    String id = h().register(email);
    assertThat(h().admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("admin"))).status())
        .isEqualTo(200);
    return signedIn(email, false);
  }

  /** Posts a form of {@code page} with that page's CSRF token. */
  static Browser.Response post(Browser b, String page, String action, String... fields) {
    String token = PagesIT.csrfField(b.get(page));
    String[] kv = new String[fields.length + 2];
    kv[0] = "_csrf";
    kv[1] = token;
    System.arraycopy(fields, 0, kv, 2, fields.length);
    return PagesIT.postForm(b, action, kv);
  }

  static String shownSecret(Browser.Response page) {
    Matcher m = SECRET.matcher(page.body());
    return m.find() ? m.group(1) : null;
  }

  @Test
  void everyPageHasTheStrictHeadersAndNoInlineScript() {
    Browser admin = newAdmin();
    List<String> all = new ArrayList<>(USER_PAGES);
    all.addAll(ADMIN_PAGES);
    for (String path : all) {
      Browser.Response page = admin.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.header("Content-Security-Policy")).as(path)
          .startsWith("script-src 'self'; default-src 'none'; style-src 'self'")
          .contains("frame-ancestors 'none'", "form-action 'self'").doesNotContain("unsafe");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
      assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
      assertThat(page.body().replace("<script src=\"/assets/dashboard.js\" defer></script>", ""))
          .as(path).doesNotContain("<script", " style=", "onclick");
    }
    Browser.Response js = h().browser().get("/assets/dashboard.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).startsWith("text/javascript");
  }

  @Test
  void theDeviceListShowsBrowsersAndAppLoginsAndEndsAnAppLogin() {
    String email = ServerHarness.email();
    h().register(email);
    Browser b = signedIn(email, false);
    OAuth oauth = new OAuth(h());
    String clientId = oauth.client("mobile").get("client_id").asText();
    Browser.Response app = h().browser().header("User-Agent", "MyApp/2.1 CFNetwork/1494.0.7 Darwin/23.4.0")
        .postRaw("/v1/token", OAuth.form("grant_type", "password", "username", email, "password",
            ServerHarness.PASSWORD, "client_id", clientId), "application/x-www-form-urlencoded");
    assertThat(app.status()).isEqualTo(200);
    String refresh = app.json().get("refresh_token").asText();

    String page = b.get("/account").body();
    assertThat(page).contains("App " + clientId + " · iOS app", "App login", "Browser", "This device");
    Matcher family = Pattern.compile("data-device=\"(f_[^\"]+)\"").matcher(page);
    assertThat(family.find()).isTrue();
    Browser.Response revoked = post(b, "/account", "/account/devices/" + family.group(1) + "/revoke");
    assertThat(revoked.header("Location")).isEqualTo("/account?done=device_revoked");
    assertThat(oauth.token("grant_type", "refresh_token", "refresh_token", refresh, "client_id", clientId).status())
        .as("the app's refresh token died with its device entry").isEqualTo(400);
    assertThat(b.get("/account?done=device_revoked").body()).doesNotContain("App login").contains("The device is signed out.");
  }

  @Test
  void withoutASessionPagesAndTheirFormsGoToSignIn() {
    Browser b = h().browser();
    for (String path : List.of("/account/keys", "/admin/audit")) {
      Browser.Response r = b.get(path);
      assertThat(r.status()).isEqualTo(303);
      assertThat(r.header("Location")).isEqualTo("/signin?return_to=" + path.replace("/", "%2F"));
    }
    Browser.Response post = PagesIT.postForm(b, "/account/keys", "_csrf", "x", "name", "k");
    assertThat(post.status()).isEqualTo(303);
    assertThat(post.header("Location")).startsWith("/signin");
  }

  @Test
  void whatUsersTypeIsEscaped() {
    Browser b = newUser();
    Browser.Response made = post(b, "/account/keys", "/account/keys", "name", "<img src=x onerror=alert(1)>\"'",
        "scopes", "", "expires_in_days", "30");
    assertThat(made.status()).isEqualTo(303);
    Browser.Response page = b.get("/account/keys");
    assertThat(page.body()).contains("<td>&lt;img src=x onerror=alert(1)&gt;\"'</td>") // text: < > & escaped
        .contains("aria-label=\"New API key “&lt;img src=x onerror=alert(1)>&#34;&#39;”\"") // attributes: quotes too
        .doesNotContain("<img src=x");
  }

  @Test
  void aFormWithoutOrWithAWrongTokenOrFromAnotherSiteIsARefusedPageAndChangesNothing() {
    Browser b = newUser();
    String token = PagesIT.csrfField(b.get("/account/keys"));
    List<Browser.Response> refused = List.of(
        PagesIT.postForm(b, "/account/keys", "name", "no token"),
        PagesIT.postForm(b, "/account/keys", "_csrf", "A" + token.substring(1), "name", "wrong token"),
        b.postRaw("/account/keys", OAuth.form("_csrf", token, "name", "cross-site"),
            "application/x-www-form-urlencoded", "Origin", "https://evil.example"));
    for (Browser.Response r : refused) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Content-Type")).startsWith("text/html");
      assertThat(r.body()).contains("This form has expired");
    }
    assertThat(b.get("/account/keys").body()).contains("No API keys yet.");
    assertThat(h().admin().get("/v1/admin/audit?type=csrf_failed&limit=1000").body()).contains("on POST /account/keys");
  }

  @Test
  void aUserWhoIsNotAnAdminCannotOpenOrUseTheAdminPages() {
    Browser b = newUser();
    for (String path : ADMIN_PAGES) {
      Browser.Response r = b.get(path);
      assertThat(r.status()).as(path).isEqualTo(403);
      assertThat(r.body()).contains("Not allowed");
    }
    String me = b.get("/v1/me").json().get("user_id").asText();
    Browser.Response escalate = post(b, "/account", "/admin/users/" + me + "/roles", "admin", "1");
    assertThat(escalate.status()).isEqualTo(403);
    assertThat(b.get("/v1/me").json().get("roles").size()).as("still no role").isZero();
    // the admin token is for the API: pages need an administrator's browser session
    assertThat(h().admin().get("/admin/users").status()).isEqualTo(303);
  }

  @Test
  void badInputGivesAReadablePageAndChangesNothing() {
    Browser b = newUser();
    Browser.Response r = post(b, "/account/keys", "/account/keys", "name", "k", "expires_in_days", "soon");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("This request cannot be served", "expires_in_days must be a whole number.");
    assertThat(post(b, "/account/keys", "/account/keys/ak_nope/rotate", "grace_hours", "1").status()).isEqualTo(404);
    assertThat(post(b, "/account/keys", "/account/keys", "name", "", "expires_in_days", "30").status()).isEqualTo(400);
    assertThat(b.get("/account/events?before=yesterday").status()).isEqualTo(400);
    assertThat(b.get("/account/keys").body()).contains("No API keys yet.");

    Browser.Response mismatch = post(b, "/account/password", "/account/password", "current_password",
        ServerHarness.PASSWORD, "new_password", "a long enough passphrase", "new_password_again", "another one");
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.body()).contains("The two new passwords differ.");
    Browser.Response weak = post(b, "/account/password", "/account/password", "current_password",
        ServerHarness.PASSWORD, "new_password", "short", "new_password_again", "short");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(b.get("/account").status()).as("still signed in, old password unchanged").isEqualTo(200);

    Browser admin = newAdmin();
    assertThat(admin.get("/admin/audit?type=DROP%20TABLE").status()).isEqualTo(400);
    assertThat(admin.get("/admin/users/u_nobody").status()).isEqualTo(404);
    Browser.Response noConfirm = post(admin, "/admin/keys", "/admin/keys/rotate", "emergency", "1");
    assertThat(noConfirm.status()).isEqualTo(400);
    assertThat(noConfirm.body()).contains("tick the confirmation box");
  }

  @Test
  void aSecretIsShownOnceToTheSessionThatMadeItOnly() {
    Browser b = newUser();
    Browser.Response made = post(b, "/account/keys", "/account/keys", "name", "ci", "expires_in_days", "");
    assertThat(made.header("Location")).isEqualTo("/account/keys?done=key_created");
    assertThat(made.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_once=")
        .contains("HttpOnly", "SameSite=Strict", "Max-Age=120").doesNotContain("pcl_ak_"));
    String sealed = b.cookie("portcullis_once");

    Browser thief = newUser();
    thief.setCookie("portcullis_once", sealed);
    assertThat(shownSecret(thief.get("/account/keys"))).as("sealed to the session that made it").isNull();

    String key = shownSecret(b.get("/account/keys"));
    assertThat(key).startsWith("pcl_ak_");
    assertThat(h().browser().get("/v1/me", "Authorization", "Bearer " + key).status()).isEqualTo(200);
    assertThat(b.cookie("portcullis_once")).as("cleared as it was shown").isNull();
    assertThat(shownSecret(b.get("/account/keys"))).isNull();
  }

  @Test
  void securityEventsAndTheAuditLogComeInPagesWithoutOverlap() {
    Browser b = newUser();
    for (int i = 0; i < 14; i++) { // 28 events: created and revoked
      Browser.Response k = b.postCsrf("/v1/api-keys", Map.of("name", "k" + i));
      assertThat(b.deleteCsrf("/v1/api-keys/" + k.json().get("id").asText()).status()).isEqualTo(204);
    }
    Browser.Response first = b.get("/account/events");
    List<String> firstRows = rows(first.body());
    assertThat(firstRows).hasSize(25);
    Matcher older = Pattern.compile("href=\"(/account/events\\?before=[0-9.]+)\" id=\"older\"").matcher(first.body());
    assertThat(older.find()).isTrue();
    List<String> secondRows = rows(b.get(older.group(1)).body());
    assertThat(secondRows).hasSizeGreaterThanOrEqualTo(5); // 3 more key events, the sign-ins and the registration
    assertThat(first.body()).doesNotContain("id=\"older\"".repeat(2));
    List<String> all = new ArrayList<>(firstRows);
    all.addAll(secondRows);
    assertThat(all).doesNotHaveDuplicates();
  }

  /** The detail column names each key, so a row is unique; the page's rows in order. */
  static List<String> rows(String body) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<td class=\"detail\">([^<]*)</td>").matcher(body);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** RFC 6265 §5.2.2 / §5.3: without Max-Age (or Expires) the cookie ends with the browser session. */
  @Test
  void keepMeSignedInDecidesTheCookieLifetimeAndItSurvivesRenewal() {
    String email = ServerHarness.email();
    String id = h().register(email);
    Browser kept = h().browser();
    String t1 = PagesIT.csrfField(kept.get("/signin"));
    Browser.Response k = PagesIT.postForm(kept, "/signin", "_csrf", t1, "email", email, "password",
        ServerHarness.PASSWORD, "remember", "1");
    assertThat(k.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=").contains("Max-Age=2592000"));

    Browser once = h().browser();
    String t2 = PagesIT.csrfField(once.get("/signin"));
    Browser.Response o = PagesIT.postForm(once, "/signin", "_csrf", t2, "email", email, "password",
        ServerHarness.PASSWORD);
    assertThat(o.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=").doesNotContain("Max-Age"));

    // a role change rotates the session's secret: the new cookie keeps the kind of the old one
    assertThat(h().admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("support"))).status())
        .isEqualTo(200);
    Browser.Response rotatedOnce = once.get("/account");
    assertThat(rotatedOnce.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=")
        .doesNotContain("Max-Age"));
    Browser.Response rotatedKept = kept.get("/account");
    assertThat(rotatedKept.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=")
        .contains("Max-Age="));

    // a password change signs this browser in again, as long-lived as before
    Browser.Response changed = post(once, "/account/password", "/account/password", "current_password",
        ServerHarness.PASSWORD, "new_password", "a different long passphrase", "new_password_again",
        "a different long passphrase");
    assertThat(changed.status()).isEqualTo(303);
    assertThat(changed.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=")
        .doesNotContain("Max-Age"));
    assertThat(once.get("/account").status()).isEqualTo(200);
    assertThat(kept.get("/account").status()).as("signed out by the change").isEqualTo(303);
    once.restart();
    assertThat(once.get("/account").status()).as("the session-only cookie died with the browser").isEqualTo(303);
  }

  /** A key rotates once: of parallel rotations exactly one succeeds, the others get the 409 page. */
  @Test
  void parallelRotationsOfOneKeyMakeExactlyOneSuccessor() throws Exception {
    Browser b = newUser();
    String keyId = b.postCsrf("/v1/api-keys", Map.of("name", "raced")).json().get("id").asText();
    String token = PagesIT.csrfField(b.get("/account/keys"));
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Browser tab = b.newTab();
        tasks.add(() -> PagesIT.postForm(tab, "/account/keys/" + keyId + "/rotate", "_csrf", token, "grace_hours", "1")
            .status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        statuses.add(f.get());
      }
      assertThat(statuses).filteredOn(s -> s == 303).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(n - 1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(b.get("/v1/api-keys").json().size()).as("the old key in its grace and one successor").isEqualTo(2);
  }
}
