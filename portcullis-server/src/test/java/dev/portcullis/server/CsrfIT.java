package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CsrfIT {
  static final String APP = "https://app.example.com";
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.allowedOrigins(Set.of(APP)));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void unsafeRequestWithoutCsrfTokenIsRefused() {
    Browser b = h.loggedIn();
    Browser.Response r = b.postJson("/v1/sessions/revoke-others", Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void unsafeRequestWithWrongCsrfTokenIsRefused() {
    Browser b = h.loggedIn();
    Browser other = h.loggedIn();
    // another session's valid token is still the wrong token
    Browser.Response r = b.postJson("/v1/session/logout", Map.of(), "X-CSRF-Token", other.csrf);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aCsrfFailureOnTheRequestThatRotatesTheSessionStillDeliversTheNewCookie() {
    Browser b = h.loggedIn();
    String userId = b.get("/v1/me").json().get("user_id").asText();
    String before = b.cookie("portcullis_session");
    assertThat(h.admin().putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", List.of("support")))
        .status()).isEqualTo(200);

    // the first request after the role change rotates the session id, then fails CSRF
    Browser.Response r = b.postJson("/v1/sessions/revoke-others", Map.of(), "X-CSRF-Token", "wrong");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
    assertThat(r.setCookies()).singleElement().satisfies(c ->
        assertThat(c).startsWith("portcullis_session=").doesNotContain("Max-Age=0"));
    assertThat(b.cookie("portcullis_session")).isNotEqualTo(before);

    Browser.Response me = b.get("/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("roles").get(0).asText()).isEqualTo("support");
    assertThat(b.postCsrf("/v1/sessions/revoke-others", null).status()).isEqualTo(204);
  }

  @Test
  void csrfTokenMayComeAsAFormField() {
    Browser b = h.loggedIn();
    Browser.Response r = b.postRaw("/v1/session/logout", "_csrf=" + b.csrf, "application/x-www-form-urlencoded");
    assertThat(r.status()).isEqualTo(204);
  }

  @Test
  void foreignOriginIsRefusedEvenWithTheRightToken() {
    Browser b = h.loggedIn();
    Browser.Response r = b.postJson("/v1/session/logout", Map.of(), "X-CSRF-Token", b.csrf, "Origin", "https://evil.example");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void loginFromAForeignOriginIsRefused() {
    String email = ServerHarness.email();
    h.register(email);
    Browser.Response r = h.browser().postJson("/v1/session/login",
        Map.of("email", email, "password", ServerHarness.PASSWORD), "Origin", "https://evil.example");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
    assertThat(r.setCookies()).isEmpty();
  }

  @Test
  void crossSiteFetchMetadataWithoutOriginIsRefused() {
    String email = ServerHarness.email();
    h.register(email);
    Browser.Response r = h.browser().postJson("/v1/session/login",
        Map.of("email", email, "password", ServerHarness.PASSWORD), "Sec-Fetch-Site", "cross-site");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
  }

  @Test
  void ownAndAllowedOriginsPassAndGetCorsOnlyWhenAllowed() {
    Browser b = h.loggedIn();
    Browser.Response own = b.get("/v1/me", "Origin", h.base);
    assertThat(own.header("Access-Control-Allow-Origin")).isNull();
    Browser.Response allowed = b.postJson("/v1/sessions/revoke-others", Map.of(), "X-CSRF-Token", b.csrf, "Origin", APP);
    assertThat(allowed.status()).isEqualTo(204);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    Browser.Response foreign = b.get("/v1/me", "Origin", "https://evil.example");
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();

    Browser.Response preflight = b.send("OPTIONS", "/v1/me", null, null, "Origin", APP,
        "Access-Control-Request-Method", "POST");
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Headers")).contains("X-CSRF-Token");
    assertThat(b.send("OPTIONS", "/v1/me", null, null, "Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST").status()).isEqualTo(403);
  }

  @Test
  void csrfFailuresAreAuditedAndCounted() {
    Browser b = h.loggedIn();
    String userId = b.get("/v1/me").json().get("user_id").asText();
    b.postJson("/v1/session/logout", Map.of());
    Browser.Response audit = h.admin().get("/v1/admin/audit?type=csrf_failed&user_id=" + userId);
    assertThat(audit.status()).isEqualTo(200);
    assertThat(audit.json()).hasSize(1);
    assertThat(audit.json().get(0).get("detail").asText()).contains("missing CSRF token");
    assertThat(h.browser().get("/metrics").body()).contains("portcullis_csrf_failures_total");
  }
}
