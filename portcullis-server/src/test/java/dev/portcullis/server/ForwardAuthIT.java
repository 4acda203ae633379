package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.check.ForwardAuthPolicy;
import dev.portcullis.testkit.RedisProcess;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /v1/check} spoken to directly, the way nginx {@code auth_request}, Traefik ForwardAuth
 * and Caddy {@code forward_auth} speak to it (the real nginx is in {@link ForwardAuthNginxIT}).
 */
@Timeout(120)
class ForwardAuthIT {
  static final String APP = "http://app.example";
  static final String SIGN_IN = APP + "/signin";
  static final String COOKIE = "portcullis_session";
  static final Device HERE = new Device("127.0.0.1", "ForwardAuthIT");
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.publicUrl(APP).allowedOrigins(Set.of("https://other.example"))
        .forwardAuth(ForwardAuthPolicy.parse("session,jwt,api_key", SIGN_IN)));
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  static String userId(Browser b) {
    return b.get("/v1/me").json().get("user_id").asText();
  }

  static String apiKey(ServerHarness server, String userId, String... scopes) {
    return server.server.registry().apiKeys().service().create(userId, "check", List.of(scopes), Optional.empty(), HERE).key();
  }

  @Test
  void anonymousApiCallIs401WithABearerChallenge() {
    Browser.Response r = h.browser().get("/v1/check", "Accept", "application/json");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=");
    assertThat(r.header("X-Auth-User")).isNull();
  }

  @Test
  void sessionCookieIs200WithTheUserAndAnEmptyBody() {
    Browser b = h.loggedIn();
    Browser.Response r = b.get("/v1/check");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("X-Auth-User")).isEqualTo(userId(b));
    assertThat(r.header("X-Auth-Method")).isEqualTo("session");
    assertThat(r.header("X-Auth-Scopes")).isEmpty();
    assertThat(r.body()).isEmpty();
  }

  @Test
  void anEndedSessionIs401AndItsCookieIsCleared() {
    Browser b = h.loggedIn();
    Browser replay = h.browser();
    replay.setCookie(COOKIE, b.cookie(COOKIE));
    assertThat(b.postCsrf("/v1/session/logout", Map.of()).status()).isEqualTo(204);
    Browser.Response r = replay.get("/v1/check", "Accept", "application/json");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.setCookies()).anySatisfy(c -> assertThat(c).startsWith(COOKIE + "=;").contains("Max-Age=0"));
    // a refusal that is not about the session itself keeps the cookie
    Browser.Response forbidden = h.loggedIn().get("/v1/check?role=admin");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.setCookies()).noneSatisfy(c -> assertThat(c).contains("Max-Age=0"));
  }

  @Test
  void accessTokenIs200WithItsScopes() {
    String email = ServerHarness.email();
    String id = h.register(email);
    String access = new OAuth(h).accessToken(email, "scopes", "[read,write]");
    Browser.Response r = h.browser().get("/v1/check?scope=read", "Authorization", "Bearer " + access);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("X-Auth-User")).isEqualTo(id);
    assertThat(r.header("X-Auth-Method")).isEqualTo("jwt");
    assertThat(r.header("X-Auth-Scopes")).isEqualTo("read write");
  }

  @Test
  void apiKeyIs200AndARevokedKey401AtOnce() {
    Browser b = h.loggedIn();
    String id = userId(b);
    String key = apiKey(h, id, "orders:read");
    Browser.Response ok = h.browser().get("/v1/check", "Authorization", "Bearer " + key);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.header("X-Auth-User")).isEqualTo(id);
    assertThat(ok.header("X-Auth-Method")).isEqualTo("api_key");
    assertThat(ok.header("X-Auth-Scopes")).isEqualTo("orders:read");
    String keyId = h.server.registry().apiKeys().service().list(id).get(0).id();
    h.server.registry().apiKeys().service().revoke(new Principal(id, "session", Set.of(), Set.of(), null, null), keyId, HERE);
    Browser.Response revoked = h.browser().get("/v1/check", "Authorization", "Bearer " + key);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  /** RFC 6750 section 3.1: every listed scope is required; the challenge names them. */
  @Test
  void missingScopeIs403InsufficientScopeWithTheChallenge() {
    Browser b = h.loggedIn();
    String key = apiKey(h, userId(b), "orders:read");
    Browser.Response r = h.browser().get("/v1/check?scope=orders:read&scope=orders:write",
        "Authorization", "Bearer " + key);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("insufficient_scope");
    assertThat(r.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
        .contains("scope=\"orders:read orders:write\"");
    // a browser session carries no scopes: a scoped check is for tokens and keys
    assertThat(b.get("/v1/check?scope=orders:read").status()).isEqualTo(403);
  }

  @Test
  void missingRoleIs403ForbiddenAndTheRoleWhenGranted() {
    Browser b = h.loggedIn();
    String id = userId(b);
    Browser.Response denied = b.get("/v1/check?role=admin");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.error()).isEqualTo("forbidden");
    h.admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("admin")));
    String before = b.cookie(COOKIE);
    Browser.Response granted = b.get("/v1/check?role=admin");
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    // the privilege change rotated the session id: the new secret rides on the 200 for the proxy to pass back
    assertThat(granted.setCookies()).anySatisfy(c -> assertThat(c).startsWith(COOKIE + "="));
    assertThat(b.cookie(COOKIE)).isNotEqualTo(before);
    assertThat(b.get("/v1/check?role=admin").status()).isEqualTo(200);
  }

  @Test
  void sessionOnAnUnsafeForwardedMethodNeedsTheOriginAndTheCsrfToken() {
    Browser b = h.loggedIn();
    assertThat(b.get("/v1/check", "X-Forwarded-Method", "POST", "Origin", APP).error()).isEqualTo("csrf_failed");
    assertThat(b.get("/v1/check", "X-Original-Method", "DELETE", "Origin", APP, "X-CSRF-Token", "wrong").status())
        .isEqualTo(403);
    assertThat(b.get("/v1/check", "X-Forwarded-Method", "POST", "Origin", "http://evil.example",
        "X-CSRF-Token", b.csrf).error()).isEqualTo("csrf_failed");
    assertThat(b.get("/v1/check", "X-Forwarded-Method", "POST", "Sec-Fetch-Site", "cross-site",
        "X-CSRF-Token", b.csrf).error()).isEqualTo("csrf_failed");
    Browser.Response ok = b.get("/v1/check", "X-Forwarded-Method", "POST", "Origin", APP, "X-CSRF-Token", b.csrf);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(b.get("/v1/check", "X-Forwarded-Method", "GET", "Origin", "http://evil.example").status())
        .isEqualTo(200);
    // a bearer credential is not sent by a browser on its own: no CSRF rules for it
    String key = apiKey(h, userId(b));
    assertThat(h.browser().get("/v1/check", "Authorization", "Bearer " + key, "X-Forwarded-Method", "POST",
        "Origin", "http://evil.example").status()).isEqualTo(200);
  }

  @Test
  void pageNavigationWithoutCredentialIsRedirectedToSignInWithTheReturnUrl() {
    Browser.Response r = h.browser().get("/v1/check", "Sec-Fetch-Mode", "navigate",
        "X-Forwarded-Uri", "/orders?id=7");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo(SIGN_IN + "?return_to=%2Forders%3Fid%3D7");
    Browser.Response html = h.browser().get("/v1/check", "Accept", "text/html,application/xhtml+xml",
        "X-Original-URI", APP + "/a");
    assertThat(html.status()).isEqualTo(302);
    assertThat(returnTo(html)).isEqualTo(APP + "/a");
    assertThat(returnTo(h.browser().get("/v1/check", "Sec-Fetch-Mode", "navigate",
        "X-Forwarded-Uri", "https://other.example/x"))).isEqualTo("https://other.example/x");
    // an API call (fetch) without a credential is a 401, not a page
    assertThat(h.browser().get("/v1/check", "Sec-Fetch-Mode", "cors", "Accept", "text/html").status())
        .isEqualTo(401);
  }

  @Test
  void returnUrlToAnotherSiteIsDroppedNeverAnOpenRedirect() {
    for (String evil : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
        "http://app.example@evil.example/", "https://evil.example/?u=http://app.example")) {
      Browser.Response r = h.browser().get("/v1/check", "Sec-Fetch-Mode", "navigate", "X-Forwarded-Uri", evil);
      assertThat(r.status()).as(evil).isEqualTo(302);
      assertThat(r.header("Location")).as(evil).isEqualTo(SIGN_IN);
    }
  }

  @Test
  void withoutSignInUrlANavigationGets401AndSwitchedOffMethodsAreRefused() {
    try (ServerHarness jwtOnly = new ServerHarness(b -> b.forwardAuth(ForwardAuthPolicy.parse("jwt", null)))) {
      Browser b = jwtOnly.loggedIn();
      Browser.Response page = b.get("/v1/check", "Sec-Fetch-Mode", "navigate", "X-Forwarded-Uri", "/");
      assertThat(page.status()).as("session switched off, no sign-in URL").isEqualTo(401);
      String key = apiKey(jwtOnly, b.get("/v1/me").json().get("user_id").asText());
      Browser.Response r = jwtOnly.browser().get("/v1/check", "Authorization", "Bearer " + key);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.error()).isEqualTo("invalid_token");
      // the key itself is good: refused only because this deployment turned API keys off for the check
      assertThat(jwtOnly.server.registry().apiKeys().service().authenticate(key, HERE).apiKey().userId()).isNotNull();
    }
  }

  @Test
  void serviceTokenNamesNoUserSoTheCheckRefusesIt() {
    OAuth oauth = new OAuth(h);
    var svc = oauth.client("service", "scopes", "[read]");
    String access = oauth.token("grant_type", "client_credentials", "client_id", svc.get("client_id").asText(),
        "client_secret", svc.get("client_secret").asText()).json().get("access_token").asText();
    Browser.Response r = h.browser().get("/v1/check", "Authorization", "Bearer " + access);
    assertThat(r.status()).as(r.body()).isEqualTo(403);
  }

  /** A transient store fault must not log anyone out: 503, never 401, never a redirect to sign in. */
  @Test
  void storeOutageIs503NeverA401OrARedirect() throws Exception {
    try (RedisProcess redis = RedisProcess.onFreePort()) {
      redis.start();
      try (ServerHarness onRedis = new ServerHarness(b -> b.redisUrl(redis.url()).redisPrefix("pcl-check:")
          .forwardAuth(ForwardAuthPolicy.parse("session,jwt,api_key", "/signin")))) {
        Browser b = onRedis.loggedIn();
        String key = apiKey(onRedis, b.get("/v1/me").json().get("user_id").asText());
        assertThat(b.get("/v1/check").status()).isEqualTo(200);
        redis.kill();
        OutageChecks.assertUnavailable("check with a cookie", () -> b.get("/v1/check"));
        OutageChecks.assertUnavailable("a page load with a cookie",
            () -> b.get("/v1/check", "Sec-Fetch-Mode", "navigate", "X-Forwarded-Uri", "/"));
        OutageChecks.assertUnavailable("check with an API key (quota in Redis)",
            () -> onRedis.browser().get("/v1/check", "Authorization", "Bearer " + key));
      }
    }
  }

  static String returnTo(Browser.Response r) {
    String location = r.header("Location");
    assertThat(location).as("Location of a %d", r.status()).startsWith(SIGN_IN + "?return_to=");
    return URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
  }
}
