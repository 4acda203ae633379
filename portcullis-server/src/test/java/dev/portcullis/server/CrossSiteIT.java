package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SPA on another site ({@code --cookie-samesite none --allowed-origins APP}) over real HTTP. The
 * server runs without --dev so its cookie is Secure; the test Browser ignores Secure and sends it
 * over plain HTTP to 127.0.0.1, standing in for the TLS proxy.
 */
class CrossSiteIT {
  static final String APP = "https://app.example.com";
  static final String EVIL = "https://evil.example";
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.dev(false).allowedOrigins(Set.of(APP)).cookieSameSite("none"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static Browser.Response preflight(String origin, String method, String headers) {
    return h.browser().send("OPTIONS", "/v1/sessions/revoke-others", null, null, "Origin", origin,
        "Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers);
  }

  /** Fetch standard, CORS protocol: credentialed answers name the origin, never "*". */
  @Test
  void preflightFromTheAllowedOriginGrantsCredentialsMethodsHeadersAndIsCached() {
    Browser.Response r = preflight(APP, "POST", "content-type, x-csrf-token");
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(r.header("Access-Control-Allow-Methods")).contains("POST", "DELETE");
    assertThat(r.header("Access-Control-Allow-Headers")).contains("X-CSRF-Token", "Content-Type");
    assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("vary"))
        .flatMap(e -> e.getValue().stream())).anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));
  }

  @Test
  void preflightFromAForeignOriginGetsNoCorsGrant() {
    Browser.Response r = preflight(EVIL, "POST", "x-csrf-token");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(r.header("Access-Control-Allow-Methods")).isNull();
    assertThat(r.header("Access-Control-Max-Age")).isNull();
  }

  /** RFC 6265bis §4.1.2.7: SameSite=None only together with Secure. */
  @Test
  void loginFromTheAllowedOriginSetsASameSiteNoneSecureCookieThatCarriesCredentialedReads() {
    Browser b = loggedInFrom(APP);
    Browser.Response me = b.get("/v1/me", "Origin", APP);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(me.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(b.get("/v1/me", "Origin", EVIL).header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void anUnsafeRequestFromTheAllowedOriginNeedsTheCsrfTokenAndPassesWithIt() {
    Browser b = loggedInFrom(APP);
    Browser.Response without = b.postJson("/v1/sessions/revoke-others", Map.of(), "Origin", APP);
    assertThat(without.status()).isEqualTo(403);
    assertThat(without.error()).isEqualTo("csrf_failed");
    Browser.Response with = b.postJson("/v1/sessions/revoke-others", Map.of(), "Origin", APP, "X-CSRF-Token", b.csrf);
    assertThat(with.status()).isEqualTo(204);
    assertThat(with.header("Access-Control-Allow-Origin")).isEqualTo(APP);
  }

  @Test
  void theSameUnsafeRequestFromAForeignOriginIsRefusedEvenWithTheToken() {
    Browser b = loggedInFrom(APP);
    Browser.Response r = b.postJson("/v1/session/logout", Map.of(), "Origin", EVIL, "X-CSRF-Token", b.csrf);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    assertThat(b.get("/v1/me", "Origin", APP).status()).isEqualTo(200);
  }

  private static Browser loggedInFrom(String origin) {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    Browser.Response r = b.postJson("/v1/session/login", Map.of("email", email, "password", ServerHarness.PASSWORD),
        "Origin", origin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(r.setCookies()).singleElement().satisfies(c -> assertThat(c).startsWith("__Host-portcullis=")
        .contains("; Secure", "; HttpOnly", "; SameSite=None", "; Path=/").doesNotContain("Partitioned", "Domain"));
    b.csrf = r.json().get("csrf_token").asText();
    return b;
  }
}
