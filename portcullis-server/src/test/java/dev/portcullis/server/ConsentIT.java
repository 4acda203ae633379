package dev.portcullis.server;

import static dev.portcullis.server.AuthorizationCodeRefusalsIT.CHALLENGE;
import static dev.portcullis.server.AuthorizationCodeRefusalsIT.REDIRECT;
import static dev.portcullis.server.AuthorizationCodeRefusalsIT.VERIFIER;
import static dev.portcullis.server.AuthorizationCodeRefusalsIT.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent page of third-party clients (issue 10: "first-party clients skip consent"), over real
 * HTTP with a signed-in browser session: Allow issues the code, Deny answers {@code access_denied}
 * (RFC 6749 §4.1.2.1), and the form cannot be forged, edited or moved to another session.
 */
class ConsentIT {
  private static final String NAME = "<b>Evil & \"Co\"</b>";
  private static final Pattern FIELD = Pattern.compile("name=\"(_csrf|request|seal)\" value=\"([^\"]*)\"");
  static ServerHarness h;
  static OAuth oauth;
  static String issuer;
  static String thirdParty;
  static String firstParty;

  @BeforeAll
  static void start() {
    h = ServerHarness.dev();
    oauth = new OAuth(h);
    issuer = h.browser().get("/.well-known/oauth-authorization-server").json().get("issuer").asText();
    thirdParty = register(NAME, false).get("client_id").asText();
    firstParty = register("Our own app", null).get("client_id").asText();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** {@code firstParty} null: the field is left out (the default). */
  static JsonNode register(String name, Boolean firstParty) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "browser");
    body.put("name", name);
    body.put("scopes", List.of("read", "write"));
    body.put("redirect_uris", List.of(REDIRECT));
    if (firstParty != null) {
      body.put("first_party", firstParty);
    }
    Browser.Response r = h.admin().postJson("/v1/admin/clients", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static Browser signedIn() {
    return AuthorizationCodeRefusalsIT.signedIn(h);
  }

  static Browser.Response authorize(Browser b, String clientId) {
    return b.get("/oauth/authorize?" + OAuth.form("response_type", "code", "client_id", clientId, "redirect_uri",
        REDIRECT, "code_challenge", CHALLENGE, "code_challenge_method", "S256", "state", "s&t=1", "scope", "read"));
  }

  /** The consent form's hidden fields, HTML attribute escaping undone. */
  static Map<String, String> fields(Browser.Response page) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(page.body());
    while (m.find()) {
      out.put(m.group(1), m.group(2).replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<")
          .replace("&gt;", ">").replace("&amp;", "&"));
    }
    assertThat(out).as(page.body()).containsOnlyKeys("_csrf", "request", "seal");
    return out;
  }

  static Browser.Response decide(Browser b, Map<String, String> f, String decision) {
    return b.postRaw("/oauth/authorize", OAuth.form("_csrf", f.get("_csrf"), "request", f.get("request"), "seal",
        f.get("seal"), "decision", decision), "application/x-www-form-urlencoded");
  }

  @Test
  void registrationAndListingShowFirstPartyDefaultingToTrue() {
    assertThat(register("Third", false).get("first_party").asBoolean()).isFalse();
    assertThat(register("First", true).get("first_party").asBoolean()).isTrue();
    assertThat(register("Default", null).get("first_party").asBoolean()).isTrue();
    JsonNode list = h.admin().get("/v1/admin/clients").json();
    Map<String, Boolean> byId = new LinkedHashMap<>();
    list.forEach(c -> byId.put(c.get("client_id").asText(), c.get("first_party").asBoolean()));
    assertThat(byId).containsEntry(thirdParty, false).containsEntry(firstParty, true);
    Map<String, Object> bad = new LinkedHashMap<>(Map.of("type", "browser", "name", "x", "redirect_uris",
        List.of(REDIRECT), "first_party", "yes"));
    Browser.Response r = h.admin().postJson("/v1/admin/clients", bad);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("first_party");
  }

  @Test
  void aFirstPartyClientGetsItsCodeWithoutAConsentPage() {
    Browser.Response r = authorize(signedIn(), firstParty);
    assertThat(r.status()).isEqualTo(302);
    assertThat(query(r.header("Location"))).containsKey("code").containsEntry("state", "s&t=1");
  }

  @Test
  void aThirdPartyClientShowsTheConsentPageWithItsNameEscaped() {
    Browser.Response page = authorize(signedIn(), thirdParty);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<span id=\"client-name\">&lt;b&gt;Evil &amp; \"Co\"&lt;/b&gt;</span>").doesNotContain("<b>Evil")
        .contains("<code>read</code>").doesNotContain("<code>write</code>") // the scopes requested, not all
        .contains("127.0.0.1:43210").contains("id=\"allow\"").contains("id=\"deny\"");
    assertThat(page.header("Cache-Control")).contains("no-store");
    assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'"); // no clickjacking of Allow
    // the Allow redirect leaves a form submission: CSP form-action must allow the redirect URI's origin
    assertThat(page.header("Content-Security-Policy")).contains("form-action 'self' http://127.0.0.1:43210;");
    assertThat(page.header("Location")).isNull();
  }

  /** Allow: the code redirect with state and iss (RFC 6749 §4.1.2, RFC 9207 §2); the code redeems. */
  @Test
  void allowIssuesACodeThatWorksAtTheTokenEndpoint() {
    Browser b = signedIn();
    Browser.Response r = decide(b, fields(authorize(b, thirdParty)), "allow");
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    assertThat(r.header("Location")).startsWith(REDIRECT + "?code=");
    Map<String, String> q = query(r.header("Location"));
    assertThat(q).containsEntry("state", "s&t=1").containsEntry("iss", issuer);
    Browser.Response token = oauth.token("grant_type", "authorization_code", "code", q.get("code"), "redirect_uri",
        REDIRECT, "code_verifier", VERIFIER, "client_id", thirdParty);
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    assertThat(token.json().get("scope").asText()).isEqualTo("read");
    String access = token.json().get("access_token").asText();
    assertThat(h.browser().get("/v1/me", "Authorization", "Bearer " + access).status()).isEqualTo(200);
  }

  /** Deny: RFC 6749 §4.1.2.1 {@code access_denied}, with state and iss (RFC 9207), and no code. */
  @Test
  void denyRedirectsWithAccessDeniedStateAndIssAndNoCode() {
    Browser b = signedIn();
    Browser.Response r = decide(b, fields(authorize(b, thirdParty)), "deny");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).startsWith(REDIRECT + "?");
    assertThat(query(r.header("Location"))).containsEntry("error", "access_denied").containsEntry("state", "s&t=1")
        .containsEntry("iss", issuer).doesNotContainKey("code");
  }

  /**
   * An Allow is remembered per user and client: the same or fewer scopes skip the page, more scopes
   * ask again; a Deny remembers nothing, and another user is asked.
   */
  @Test
  void anAllowIsRememberedForTheSameOrFewerScopes() {
    Browser b = signedIn();
    assertThat(decide(b, fields(authorize(b, thirdParty)), "deny").status()).isEqualTo(302);
    assertThat(authorize(b, thirdParty).status()).as("a deny is not remembered").isEqualTo(200);
    assertThat(decide(b, fields(authorize(b, thirdParty)), "allow").status()).isEqualTo(302);

    Browser.Response again = authorize(b, thirdParty); // scope=read, as allowed
    assertThat(again.status()).isEqualTo(302);
    assertThat(query(again.header("Location"))).containsKey("code").containsEntry("state", "s&t=1")
        .containsEntry("iss", issuer);
    Browser.Response none = b.get("/oauth/authorize?" + OAuth.form("response_type", "code", "client_id", thirdParty,
        "redirect_uri", REDIRECT, "code_challenge", CHALLENGE, "code_challenge_method", "S256", "scope", "write"));
    assertThat(none.status()).as("a scope not allowed yet").isEqualTo(200);
    assertThat(none.body()).contains("<code>write</code>");
    assertThat(decide(b, fields(none), "allow").status()).isEqualTo(302);
    Browser.Response both = b.get("/oauth/authorize?" + OAuth.form("response_type", "code", "client_id", thirdParty,
        "redirect_uri", REDIRECT, "code_challenge", CHALLENGE, "code_challenge_method", "S256", "scope", "read write"));
    assertThat(both.status()).as("read and write were each allowed").isEqualTo(302);

    assertThat(authorize(signedIn(), thirdParty).status()).as("another user").isEqualTo(200);
  }

  @Test
  void aFormWithoutTheCsrfTokenIsARefusedPageAndNoCode() {
    Browser b = signedIn();
    Map<String, String> f = fields(authorize(b, thirdParty));
    Browser.Response r = b.postRaw("/oauth/authorize", OAuth.form("request", f.get("request"), "seal", f.get("seal"),
        "decision", "allow"), "application/x-www-form-urlencoded");
    assertRefusedPage(r);
    f.put("_csrf", "wrong");
    assertRefusedPage(decide(b, f, "allow"));
  }

  /** An edited request (another client, redirect URI, scope or state) no longer matches its seal. */
  @Test
  void anEditedRequestOrSealIsARefusedPageAndNoCode() {
    Browser b = signedIn();
    Map<String, String> f = fields(authorize(b, thirdParty));
    String original = f.get("request");
    for (String edited : List.of(original.replace("scope=read", "scope=read+write"),
        original.replace(thirdParty, firstParty), original.replace("state=", "state=x"),
        original.replace("43210", "43211"), original + "&scope=write")) {
      assertThat(edited).isNotEqualTo(original);
      f.put("request", edited);
      assertRefusedPage(decide(b, f, "allow"));
    }
    f.put("request", original);
    f.put("seal", f.get("seal").substring(1) + "A");
    assertRefusedPage(decide(b, f, "allow"));
    f.remove("seal");
    assertRefusedPage(b.postRaw("/oauth/authorize", OAuth.form("_csrf", f.get("_csrf"), "request", original,
        "decision", "allow"), "application/x-www-form-urlencoded"));
  }

  /** A form shown to one session cannot be posted by another (with that session's own CSRF token). */
  @Test
  void aFormFromAnotherSessionIsARefusedPage() {
    Browser victim = signedIn();
    Map<String, String> victims = fields(authorize(victim, thirdParty));
    Browser attacker = signedIn();
    Map<String, String> own = fields(authorize(attacker, thirdParty));
    victims.put("_csrf", own.get("_csrf"));
    assertRefusedPage(decide(attacker, victims, "allow"));
  }

  @Test
  void anUnknownDecisionIsAnErrorPageAndNoRedirect() {
    Browser b = signedIn();
    Browser.Response r = decide(b, fields(authorize(b, thirdParty)), "maybe");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.header("Location")).isNull();
  }

  private static void assertRefusedPage(Browser.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("<h1");
    assertThat(r.header("Location")).isNull();
  }
}
