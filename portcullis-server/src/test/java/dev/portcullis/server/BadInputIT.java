package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BadInputIT {
  @RegisterExtension
  static final DevServer h = new DevServer();

  private static void assertError(Browser.Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.error()).isEqualTo(code);
    assertThat(r.json().get("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.portcullis");
  }

  @Test
  void registerRejectsMalformedBodiesAndValues() {
    Browser b = h.browser();
    assertError(b.postRaw("/v1/register", "{not json", "application/json"), 400, "invalid_request");
    assertError(b.postRaw("/v1/register", "", "application/json"), 400, "invalid_request");
    assertError(b.postRaw("/v1/register", "[1,2]", "application/json"), 400, "invalid_request");
    assertError(b.postRaw("/v1/register", "{\"email\":\"a@b.co\",\"password\":\"12345678\"} trailing", "application/json"), 400, "invalid_request");
    assertError(b.postJson("/v1/register", Map.of("email", "a@example.com")), 400, "invalid_request");
    assertError(b.postJson("/v1/register", Map.of("email", 42, "password", "long enough pw")), 400, "invalid_request");
    assertError(b.postJson("/v1/register", Map.of("email", "not-an-email", "password", "long enough pw")), 400, "invalid_request");
    assertError(b.postJson("/v1/register", Map.of("email", "a@@example.com", "password", "long enough pw")), 400, "invalid_request");
    assertError(b.postJson("/v1/register", Map.of("email", ServerHarness.email(), "password", "short")), 400, "invalid_request");
    assertError(b.postJson("/v1/register", Map.of("email", ServerHarness.email(), "password", "x".repeat(129))), 400, "invalid_request");
    assertError(b.postRaw("/v1/register", "email=a", "text/plain"), 400, "invalid_request");
    assertError(b.postRaw("/v1/register", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "application/json"), 400, "invalid_request");
  }

  @Test
  void registeringATakenEmailIsAConflictAndChangesNothing() {
    String email = ServerHarness.email();
    h.register(email);
    assertError(h.browser().postJson("/v1/register", Map.of("email", email.toUpperCase(), "password", "another password")), 409, "conflict");
    assertThat(h.browser().login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void loginRejectsMissingFieldsWith400() {
    Browser b = h.browser();
    assertError(b.postJson("/v1/session/login", Map.of("email", "a@example.com")), 400, "invalid_request");
    assertError(b.postJson("/v1/session/login", Map.of("password", "whatever")), 400, "invalid_request");
    assertError(b.postJson("/v1/session/login", Map.of("email", List.of(), "password", "whatever")), 400, "invalid_request");
    assertError(b.postRaw("/v1/session/login", "{\"email\":", "application/json"), 400, "invalid_request");
  }

  @Test
  void bodiesOver64KiBAre413() {
    String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "@example.com\",\"password\":\"long enough\"}";
    assertError(h.browser().postRaw("/v1/register", big, "application/json"), 413, "payload_too_large");
  }

  @Test
  void oversizedHeadersAre431() {
    Browser.Response r = h.browser().get("/v1/me", "X-Big", "a".repeat(20 * 1024));
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.json().get("error").asText()).isEqualTo("headers_too_large");
  }

  @Test
  void unknownRoutesAndMethodsAnswerJson() {
    assertError(h.browser().get("/v1/nope"), 404, "not_found");
    Browser.Response wrongMethod = h.browser().get("/v1/register");
    assertError(wrongMethod, 405, "method_not_allowed");
    assertError(h.browser().get("/v1/token"), 405, "method_not_allowed");
  }

  @Test
  void authenticatedEndpointsRejectBadBodies() {
    Browser b = h.loggedIn();
    assertError(b.postRaw("/v1/me/password", "nope", "application/json", "X-CSRF-Token", b.csrf), 400, "invalid_request");
    assertError(b.postCsrf("/v1/me/password", Map.of("current_password", ServerHarness.PASSWORD)), 400, "invalid_request");
    assertError(b.postCsrf("/v1/me/password", Map.of("current_password", ServerHarness.PASSWORD, "new_password", "short")), 400, "invalid_request");
    assertError(b.deleteCsrf("/v1/sessions/s_does_not_exist"), 404, "not_found");
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void malformedCookiesAndAuthorizationHeadersAre401() {
    Browser b = h.browser();
    b.setCookie("portcullis_session", "x".repeat(500));
    assertError(b.get("/v1/me"), 401, "session_expired");
    assertError(h.browser().get("/v1/me", "Authorization", "Basic Zm9vOmJhcg=="), 401, "invalid_token");
    Browser.Response r = h.browser().get("/v1/me", "Authorization", "Bearer garbage");
    assertError(r, 401, "invalid_token");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"portcullis\", error=\"invalid_token\"");
  }

  @Test
  void adminEndpointsRejectBadInput() {
    Browser admin = h.admin();
    String userId = h.register(ServerHarness.email());
    assertError(admin.putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", "admin")), 400, "invalid_request");
    assertError(admin.putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", List.of("Bad Role!"))), 400, "invalid_request");
    assertError(admin.putJson("/v1/admin/users/u_missing/roles", Map.of("roles", List.of("support"))), 404, "not_found");
    assertError(admin.postJson("/v1/admin/users/u_missing/logout-everywhere", Map.of()), 404, "not_found");
    assertError(admin.get("/v1/admin/audit?limit=0"), 400, "invalid_request");
    assertError(admin.get("/v1/admin/audit?limit=abc"), 400, "invalid_request");
    assertError(admin.get("/v1/admin/audit?type=DROP%20TABLE"), 400, "invalid_request");
  }
}
