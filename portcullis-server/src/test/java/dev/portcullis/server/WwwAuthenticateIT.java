package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.server.http.ErrorHandling;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 15.5.2 and RFC 6750 section 3: the challenges real OAuth clients read. */
class WwwAuthenticateIT {
  static final String PLAIN = "Bearer realm=\"portcullis\"";
  static final String INVALID_TOKEN = PLAIN + ", error=\"invalid_token\", error_description=\"";
  static ServerHarness h;
  static OAuth oauth;

  @BeforeAll
  static void start() {
    h = ServerHarness.dev();
    oauth = new OAuth(h);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static void challenged(Browser.Response r, String expectedPrefix) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).as(r.body()).startsWith(expectedPrefix);
  }

  @Test
  void a401WithoutAnyCredentialIsChallengedWithoutAnError() {
    for (String path : List.of("/v1/me", "/v1/sessions", "/v1/session", "/v1/admin/audit")) {
      Browser.Response r = h.browser().get(path);
      challenged(r, PLAIN);
      assertThat(r.header("WWW-Authenticate")).isEqualTo(PLAIN);
    }
  }

  @Test
  void anExpiredSessionCookieIsChallengedToo() {
    Browser b = h.browser();
    b.setCookie("portcullis_session", "x".repeat(43));
    Browser.Response r = b.get("/v1/me");
    assertThat(r.error()).isEqualTo("session_expired");
    assertThat(r.header("WWW-Authenticate")).isEqualTo(PLAIN);
  }

  /** RFC 6750 section 3.1: a presented token that fails names invalid_token, with a description free of secrets. */
  @Test
  void aFailedBearerTokenNamesInvalidTokenAndNeverEchoesIt() {
    String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZQ";
    for (Browser.Response r : List.of(oauth.me(token),
        h.browser().get("/v1/admin/audit", "Authorization", "Bearer not-the-admin-token-at-all"))) {
      challenged(r, INVALID_TOKEN);
      assertThat(r.header("WWW-Authenticate")).doesNotContain(token).doesNotContain("not-the-admin-token");
    }
  }

  /** RFC 6749 section 5.2: invalid_client at the token, revocation and introspection endpoints is a Basic challenge. */
  @Test
  void failedClientAuthenticationAtTheTokenEndpointsIsChallengedWithBasic() {
    String basic = "Basic " + Base64.getEncoder().encodeToString("c_nope:pcl_cs_wrong".getBytes(StandardCharsets.UTF_8));
    for (String path : List.of("/v1/token", "/v1/token/revoke", "/v1/token/introspect")) {
      Browser.Response r = h.browser().postRaw(path, OAuth.form("grant_type", "client_credentials", "token", "t"),
          "application/x-www-form-urlencoded", "Authorization", basic);
      challenged(r, "Basic realm=\"portcullis\"");
      assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
    }
  }

  /**
   * RFC 6750 section 3.1: a token without the needed scope is a 403 insufficient_scope naming the
   * scope. No route of the server needs a scope yet, so a bare app with the server's ErrorHandling
   * and one such route proves the mapping over HTTP.
   */
  @Test
  void insufficientScopeIsA403WithTheRequiredScopeInTheChallenge() {
    ErrorHandling errors = new ErrorHandling(new Metrics());
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      errors.register(cfg.routes);
      cfg.routes.get("/orders", ctx -> {
        throw AccessDeniedException.insufficientScope(List.of("orders:read"));
      });
    }).start("127.0.0.1", 0);
    try {
      Browser.Response r = new Browser("http://127.0.0.1:" + app.port()).get("/orders");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.error()).isEqualTo("insufficient_scope");
      assertThat(r.header("WWW-Authenticate")).isEqualTo(PLAIN + ", error=\"insufficient_scope\", "
          + "error_description=\"The credential lacks the scope this request needs.\", scope=\"orders:read\"");
    } finally {
      app.stop();
    }
  }
}
