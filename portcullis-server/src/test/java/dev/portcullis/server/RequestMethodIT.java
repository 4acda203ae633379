package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request is routed and authenticated by the method on its request line, and HEAD exactly like GET. */
class RequestMethodIT {
  private static final List<String> OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

  @RegisterExtension
  static final DevServer h = new DevServer();

  @Test
  void aGetOverriddenToPostCannotLogOut() {
    Browser b = h.loggedIn();
    for (String header : OVERRIDE_HEADERS) {
      Browser.Response r = b.get("/v1/session/logout", header, "POST", "X-CSRF-Token", b.csrf);
      assertThat(r.status()).as(header).isEqualTo(405);
      assertThat(r.error()).isEqualTo("method_not_allowed");
    }
    assertThat(b.get("/v1/session/logout?_method=POST", "X-CSRF-Token", b.csrf).status()).isEqualTo(405);
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aPostOverriddenToGetIsStillAPost() {
    Browser b = h.loggedIn();
    for (String header : OVERRIDE_HEADERS) {
      // a cross-site POST must not reach a GET route past the Origin check
      Browser.Response r = b.postJson("/v1/session", Map.of(), header, "GET", "Origin", "https://evil.example");
      assertThat(r.status()).as(header).isEqualTo(405);
      assertThat(r.body()).doesNotContain("csrf_token");
    }
  }

  @Test
  void anUnsafeMethodOverriddenToASafeOneStillNeedsOriginAndCsrf() {
    Browser b = h.loggedIn();
    Browser.Response noToken = b.postJson("/v1/sessions/revoke-others?_method=GET", Map.of(), "X-HTTP-Method-Override", "GET");
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.error()).isEqualTo("csrf_failed");
    Browser.Response foreign = b.postRaw("/v1/session/logout", "_method=GET&_csrf=" + b.csrf,
        "application/x-www-form-urlencoded", "X-HTTP-Method-Override", "GET", "Origin", "https://evil.example");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.error()).isEqualTo("csrf_failed");
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  /** RFC 9110 §9.3.2: HEAD is GET without the content, access rule included. */
  @Test
  void headOnAProtectedRouteAuthenticatesExactlyLikeGet() {
    assertThat(head(h.browser(), "/v1/me").status()).isEqualTo(401);
    assertThat(head(h.browser(), "/v1/session").status()).isEqualTo(401);
    assertThat(head(h.browser(), "/v1/admin/audit").status()).isEqualTo(401);
    assertThat(head(h.browser().header("Authorization", "Bearer garbage"), "/v1/me").status()).isEqualTo(401);

    Browser user = h.loggedIn();
    Browser.Response me = head(user, "/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body()).isEmpty();
    assertThat(me.header("Content-Type")).startsWith("application/json");
    assertThat(head(user, "/v1/admin/audit").status()).isEqualTo(403);
    assertThat(head(h.admin(), "/v1/admin/audit").status()).isEqualTo(200);
    assertThat(head(h.browser(), "/healthz").status()).isEqualTo(200);
  }

  @Test
  void headWhereThereIsNoGetStays405() {
    assertThat(head(h.loggedIn(), "/v1/session/logout").status()).isEqualTo(405);
    assertThat(head(h.browser(), "/v1/token").status()).isEqualTo(405);
  }

  private static Browser.Response head(Browser b, String path) {
    return b.send("HEAD", path, null, null);
  }
}
