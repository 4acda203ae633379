package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.id.State;
import dev.portcullis.token.AuthorizationCodes;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the authorization endpoint and the authorization_code grant refuse, over real HTTP with a
 * signed-in browser session (the sign-in itself runs in Chromium in {@link AuthorizationCodeFlowIT}).
 */
class AuthorizationCodeRefusalsIT {
  static final String REDIRECT = "http://127.0.0.1:43210/callback";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"; // RFC 7636 Appendix B
  static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  static ServerHarness h;
  static OAuth oauth;
  static String app;
  static String issuer;

  @BeforeAll
  static void start() {
    h = ServerHarness.dev();
    oauth = new OAuth(h);
    app = codeClient("mobile", "http://127.0.0.1/callback");
    issuer = h.browser().get("/.well-known/oauth-authorization-server").json().get("issuer").asText();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static String codeClient(String type, String redirect) {
    return oauth.client(type, "grant_types", "[authorization_code,refresh_token]", "redirect_uris", "[" + redirect + "]")
        .get("client_id").asText();
  }

  static Browser signedIn() {
    return signedIn(h);
  }

  /** A browser with a fresh user signed in on {@code h}. */
  static Browser signedIn(ServerHarness h) {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
    return b;
  }

  static Map<String, String> request(String clientId) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", REDIRECT);
    q.put("code_challenge", CHALLENGE);
    q.put("code_challenge_method", "S256");
    q.put("state", "xyz");
    return q;
  }

  static Browser.Response authorize(Browser b, Map<String, String> q) {
    List<String> kv = new ArrayList<>();
    q.forEach((k, v) -> {
      kv.add(k);
      kv.add(v);
    });
    return b.get("/oauth/authorize?" + OAuth.form(kv.toArray(String[]::new)));
  }

  static Map<String, String> query(String location) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  static String code(Browser b, String clientId) {
    Browser.Response r = authorize(b, request(clientId));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return query(r.header("Location")).get("code");
  }

  static Browser.Response exchange(String clientId, String code, String verifier) {
    return oauth.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", verifier, "client_id", clientId);
  }

  @Test
  void aSignedInBrowserGetsACodeWithStateAndIssOnTheAppsPort() {
    Browser.Response r = authorize(signedIn(), request(app));
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).startsWith(REDIRECT + "?code=");
    Map<String, String> q = query(r.header("Location"));
    assertThat(q).containsEntry("state", "xyz").containsEntry("iss", issuer).containsKey("code"); // RFC 9207 §2
    assertThat(q.get("code")).hasSize(43);
  }

  /** RFC 7636 §4.4.1 and RFC 9700 §2.1.1: PKCE with S256 for every client; plain is refused. */
  @Test
  void missingOrPlainPkceIsSentBackAsInvalidRequest() {
    Browser b = signedIn();
    Map<String, String> none = request(app);
    none.remove("code_challenge");
    none.remove("code_challenge_method");
    Map<String, String> plain = request(app);
    plain.put("code_challenge", VERIFIER);
    plain.put("code_challenge_method", "plain");
    Map<String, String> noMethod = request(app);
    noMethod.remove("code_challenge_method");
    Map<String, String> malformed = request(app);
    malformed.put("code_challenge", "too-short");
    Map<String, String> token = request(app);
    token.put("response_type", "token");
    for (Map<String, String> q : List.of(none, plain, noMethod, malformed, token)) {
      Browser.Response r = authorize(b, q);
      assertThat(r.status()).as("%s", q).isEqualTo(302);
      Map<String, String> answer = query(r.header("Location"));
      assertThat(answer).as("%s", q).containsEntry("state", "xyz").containsEntry("iss", issuer)
          .containsEntry("error", q == token ? "unsupported_response_type" : "invalid_request")
          .doesNotContainKey("code");
    }
  }

  /** RFC 6749 §4.1.2.1: an invalid client or redirect URI is told to the person, never redirected. */
  @Test
  void anUnknownClientOrAnUnregisteredOrNearMatchRedirectUriGetsAPageAndNoRedirect() {
    Browser b = signedIn();
    String legacy = oauth.client("mobile").get("client_id").asText(); // password grant only
    List<Map<String, String>> bad = new ArrayList<>();
    for (String uri : List.of("http://127.0.0.1:43210/callback/", "http://127.0.0.1:43210/callbac",
        "http://localhost:43210/callback", "https://127.0.0.1:43210/callback", "http://127.0.0.1:43210/callback?x=1",
        "http://127.0.0.1:43210/callback#x", "http://127.0.0.2:43210/callback", "https://evil.example/callback",
        "http://127.0.0.1:43210/callback/../evil")) {
      Map<String, String> q = request(app);
      q.put("redirect_uri", uri);
      bad.add(q);
    }
    Map<String, String> noRedirect = request(app);
    noRedirect.remove("redirect_uri");
    bad.add(noRedirect);
    Map<String, String> unknown = request("c_unknown");
    bad.add(unknown);
    bad.add(request(legacy));
    for (Map<String, String> q : bad) {
      Browser.Response r = authorize(b, q);
      assertThat(r.status()).as("%s", q).isEqualTo(400);
      assertThat(r.header("Location")).isNull();
      assertThat(r.header("Content-Type")).startsWith("text/html");
      assertThat(r.body()).contains("This request cannot be served");
    }
    Browser.Response twice = b.get("/oauth/authorize?" + OAuth.form("response_type", "code", "client_id", app,
        "redirect_uri", REDIRECT, "code_challenge", CHALLENGE, "code_challenge_method", "S256")
        + "&redirect_uri=" + URLDecoder.decode("https%3A%2F%2Fevil.example%2F", StandardCharsets.UTF_8));
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.header("Location")).isNull();
  }

  /**
   * RFC 6749 appendix B and §4.1.2: parameters are UTF-8, percent-encoded. One that is not (a bad
   * escape, bytes that are not UTF-8, a raw byte outside ASCII) was dropped or changed, and a signed-in browser went back to the app with a
   * code but without the state the app had sent. Such a request now gets a page, whatever it holds.
   * Found by {@code AuthorizeFuzzTest} (inputs {@code bad-percent-state}, {@code bad-percent-key}).
   */
  @Test
  void parametersThatAreNotUtf8PercentEncodingGetAPageNotACodeWithoutTheirState() {
    String email = ServerHarness.email();
    h.register(email);
    String cookie = h.browser().login(email, ServerHarness.PASSWORD).setCookies().stream()
        .filter(c -> c.startsWith("portcullis_session=")).findFirst().orElseThrow().replaceFirst(";.*", "");
    RawHttp raw = new RawHttp(h.server.port());
    String valid = "/oauth/authorize?" + OAuth.form("response_type", "code", "client_id", app, "redirect_uri", REDIRECT,
        "code_challenge", CHALLENGE, "code_challenge_method", "S256");
    for (String bad : List.of("&state=%zz%", "&state=abc%", "&state=%4", "&%=1", "&state=%FF", "&state=%C3%28",
        "&state=%E0%A4", "&state=%ED%A0%80", "&x%C0%AF=1", "&state=xyz\u00af", "&\u00afstate=xyz")) {
      RawHttp.Response r = raw.send("GET", valid + bad, (byte[]) null, "Cookie", cookie);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.header("Location")).as(bad).isNull();
      assertThat(r.header("Content-Type")).as(bad).startsWith("text/html");
    }
    // well-formed UTF-8 comes back exactly as sent
    RawHttp.Response ok = raw.send("GET", valid + "&state=%C3%A9t%C3%A9+%F0%9F%94%91%25", (byte[]) null, "Cookie", cookie);
    assertThat(ok.status()).isEqualTo(302);
    assertThat(query(ok.header("Location"))).containsEntry("state", "\u00e9t\u00e9 \ud83d\udd11%")
        .containsEntry("iss", issuer);
  }

  @Test
  void withoutASessionTheBrowserIsSentToSignInAndBack() {
    Browser.Response r = authorize(h.browser(), request(app));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).startsWith("/signin?return_to=%2Foauth%2Fauthorize%3F");
    Browser.Response page = h.browser().get(r.header("Location"));
    // browsers apply form-action to the redirects after the sign-in form: the app's origin is allowed
    assertThat(page.header("Content-Security-Policy")).contains("form-action 'self' http://127.0.0.1:43210;");
  }

  /** RFC 7636 §4.6. */
  @Test
  void aWrongVerifierIsRefusedAndTheRightOneStillWorks() {
    String code = code(signedIn(), app);
    Browser.Response wrong = exchange(app, code, VERIFIER.replace('d', 'e'));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(oauth.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "client_id", app).json().get("error").asText()).as("no code_verifier").isEqualTo("invalid_request");
    assertThat(exchange(app, code, VERIFIER).status()).isEqualTo(200);
  }

  /** RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it. */
  @Test
  void aReplayedCodeIsRefusedAndRevokesTheTokensItIssued() {
    String code = code(signedIn(), app);
    JsonNode tokens = exchange(app, code, VERIFIER).json();
    String access = tokens.get("access_token").asText();
    assertThat(oauth.me(access).status()).isEqualTo(200);
    Browser.Response replay = exchange(app, code, VERIFIER);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(oauth.me(access).status()).isEqualTo(401);
    assertThat(oauth.refresh(app, tokens.get("refresh_token").asText()).json().get("error").asText())
        .isEqualTo("invalid_grant");
    JsonNode audit = h.browser().get("/v1/admin/audit?type=authorization_code_reuse_detected",
        "Authorization", "Bearer " + ServerHarness.ADMIN_TOKEN).json();
    assertThat(audit.size()).isPositive();
  }

  /** RFC 6749 §4.1.3: the code was issued to another client. */
  @Test
  void aCodeOfAnotherClientIsRefusedAndStaysGoodForItsOwner() {
    String other = codeClient("mobile", "http://127.0.0.1/callback");
    String code = code(signedIn(), app);
    Browser.Response stolen = exchange(other, code, VERIFIER);
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(exchange(app, code, VERIFIER).status()).isEqualTo(200);
  }

  @Test
  void aCodeExpiresAfterAMinute() {
    String code = code(signedIn(), app);
    h.clock.advance(AuthorizationCodes.CODE_TTL);
    assertThat(exchange(app, code, VERIFIER).json().get("error").asText()).isEqualTo("invalid_grant");
  }

  /**
   * RFC 6749 §10.12: the server hands {@code state} back byte for byte; checking it is the client's
   * job, and a stock client (Nimbus) sees a tampered one.
   */
  @Test
  void stateComesBackUnchangedAndATamperedOneIsDetectedByTheClient() throws Exception {
    State expected = new State();
    Map<String, String> q = request(app);
    q.put("state", expected.getValue());
    URI location = URI.create(authorize(signedIn(), q).header("Location"));
    assertThat(AuthorizationResponse.parse(location).getState()).isEqualTo(expected);
    URI tampered = URI.create(location.toString().replace("state=" + expected.getValue(), "state=attacker"));
    assertThat(AuthorizationResponse.parse(tampered).getState()).isNotEqualTo(expected);
    Map<String, String> odd = request(app);
    odd.put("state", "a b&c=d/é%");
    assertThat(query(authorize(signedIn(), odd).header("Location")).get("state")).isEqualTo("a b&c=d/é%");
  }

  /** Racing redemptions of one code: at most one pair, and the replays revoke it too. */
  @Test
  void parallelRedemptionsOfOneCodeLeaveNoWorkingLogin() throws Exception {
    Browser b = signedIn();
    for (int round = 0; round < 3; round++) {
      String code = code(b, app);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Browser.Response> answers = new ArrayList<>();
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Browser.Response>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          Callable<Browser.Response> task = () -> {
            go.await();
            return exchange(app, code, VERIFIER);
          };
          futures.add(pool.submit(task));
        }
        go.countDown();
        for (Future<Browser.Response> f : futures) {
          answers.add(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      List<Browser.Response> won = answers.stream().filter(r -> r.status() == 200).toList();
      assertThat(won.size()).isLessThanOrEqualTo(1);
      for (Browser.Response w : won) {
        assertThat(oauth.me(w.json().get("access_token").asText()).status()).isEqualTo(401);
      }
    }
  }

  /** RFC 9700 §2.4: the password grant only for a client that lists it. */
  @Test
  void aCodeFlowClientCannotUseThePasswordGrant() {
    String email = ServerHarness.email();
    h.register(email);
    Browser.Response r = oauth.password(app, email, ServerHarness.PASSWORD);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("unauthorized_client");
  }

  /** RFC 10017: a browser-based app's refresh family has a bounded absolute lifetime (one day). */
  @Test
  void aBrowserAppsLoginEndsAfterADayWhateverItsUse() {
    String spa = codeClient("browser", "https://app.example/callback");
    Browser b = signedIn();
    Map<String, String> q = request(spa);
    q.put("redirect_uri", "https://app.example/callback");
    String code = query(authorize(b, q).header("Location")).get("code");
    JsonNode t = oauth.token("grant_type", "authorization_code", "code", code, "redirect_uri",
        "https://app.example/callback", "code_verifier", VERIFIER, "client_id", spa).json();
    String refresh = t.get("refresh_token").asText();
    String native_ = exchange(app, code(b, app), VERIFIER).json().get("refresh_token").asText();
    for (int hour = 0; hour < 23; hour++) {
      h.clock.advance(Duration.ofHours(1));
      refresh = oauth.refresh(spa, refresh).json().get("refresh_token").asText();
    }
    h.clock.advance(Duration.ofHours(1));
    assertThat(oauth.refresh(spa, refresh).json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(oauth.refresh(app, native_).status()).as("a native app's login lives on").isEqualTo(200);
  }

  /** RFC 7591: the metadata is validated and echoed with its defaults. */
  @Test
  void clientRegistrationTakesAndChecksTheRfc7591Metadata() {
    JsonNode c = oauth.client("browser", "redirect_uris", "[https://app.example/cb]");
    assertThat(c.get("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
    assertThat(c.get("redirect_uris").toString()).isEqualTo("[\"https://app.example/cb\"]");
    assertThat(c.get("token_endpoint_auth_method").asText()).isEqualTo("none");
    Browser admin = h.browser().header("Authorization", "Bearer " + ServerHarness.ADMIN_TOKEN);
    for (Map<String, Object> bad : List.<Map<String, Object>>of(
        Map.of("type", "mobile", "name", "no redirect"),
        Map.of("type", "mobile", "name", "x", "redirect_uris", List.of("javascript:alert(1)")),
        Map.of("type", "mobile", "name", "x", "redirect_uris", List.of("http://localhost:3000/cb")),
        Map.of("type", "browser", "name", "x", "redirect_uris", List.of("https://a.example/cb"),
            "grant_types", List.of("password", "refresh_token")),
        Map.of("type", "mobile", "name", "x", "redirect_uris", List.of("http://127.0.0.1/cb"),
            "token_endpoint_auth_method", "client_secret_basic"),
        Map.of("type", "mobile", "name", "x", "grant_types", List.of("implicit")))) {
      Browser.Response r = admin.postJson("/v1/admin/clients", bad);
      assertThat(r.status()).as("%s: %s", bad, r.body()).isEqualTo(400);
      assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
    }
  }
}
