package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two instances over one PostgreSQL database and one Redis, with the same issuer and one clock:
 * they behave as one server. Every state change made through one is seen by the other at its next
 * request.
 */
@Timeout(value = 120)
class MultiInstanceIT {
  static final String ISSUER = TwoInstances.ISSUER;
  static final String NEW_PASSWORD = "a brand new passphrase";

  static TwoInstances two;
  static MutableClock clock;
  static String a;
  static String b;
  static String clientId;

  @BeforeAll
  static void start() throws Exception {
    two = TwoInstances.start();
    clock = two.clock();
    a = two.a();
    b = two.b();
    Browser.Response client = admin(a).postJson("/v1/admin/clients", Map.of("type", "mobile", "name", "app",
        "grant_types", List.of("password", "refresh_token")));
    assertThat(client.status()).as(client.body()).isEqualTo(201);
    clientId = client.json().get("client_id").asText();
  }

  @AfterAll
  static void stop() {
    if (two != null) {
      two.close();
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static Browser admin(String base) {
    return Deployment.adminAt(base);
  }

  private static String register(String base, String email) {
    Browser.Response r = new Browser(base).postJson("/v1/register",
        Map.of("email", email, "password", ServerHarness.PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("user_id").asText();
  }

  private static Browser loggedIn(String base, String email, String password) {
    Browser browser = new Browser(base);
    Browser.Response r = browser.login(email, password);
    assertThat(r.status()).as("login on %s: %s", base, r.body()).isEqualTo(200);
    return browser;
  }

  private static Browser.Response form(String base, Map<String, String> fields, String... headers) {
    List<String> pairs = new ArrayList<>();
    fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return new Browser(base).postRaw("/v1/token", String.join("&", pairs), "application/x-www-form-urlencoded",
        headers);
  }

  private static JsonNode passwordGrant(String base, String email, String password) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "password");
    f.put("username", email);
    f.put("password", password);
    f.put("client_id", clientId);
    Browser.Response r = form(base, f);
    assertThat(r.status()).as("password grant on %s: %s", base, r.body()).isEqualTo(200);
    return r.json();
  }

  private static Browser.Response refresh(String base, String refreshToken) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "refresh_token");
    f.put("refresh_token", refreshToken);
    f.put("client_id", clientId);
    return form(base, f);
  }

  private static Browser.Response meWithBearer(String base, String accessToken) {
    return new Browser(base).get("/v1/me", "Authorization", "Bearer " + accessToken);
  }

  private static void assertLoggedOut(Browser.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.error()).isIn("session_expired", "unauthenticated");
  }

  // --- browser sessions ----------------------------------------------------------------------

  @Test
  void aSessionCreatedOnAWorksOnB() {
    String email = ServerHarness.email();
    String userId = register(a, email);
    Browser browser = loggedIn(a, email, ServerHarness.PASSWORD);
    String sessionIdOnA = browser.get("/v1/session").json().get("session_id").asText();

    Browser.Response me = browser.at(b).get("/v1/me");
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().get("user_id").asText()).isEqualTo(userId);
    assertThat(me.json().get("auth_method").asText()).isEqualTo("session");
    JsonNode session = browser.get("/v1/session").json();
    assertThat(session.get("session_id").asText()).isEqualTo(sessionIdOnA);
    assertThat(session.get("csrf_token").asText()).isEqualTo(browser.csrf);
    // the CSRF token issued by A is accepted by B on an unsafe request
    assertThat(browser.postCsrf("/v1/sessions/revoke-others", null).status()).isEqualTo(204);
  }

  @Test
  void logoutThroughBEndsTheSessionOnA() {
    String email = ServerHarness.email();
    register(a, email);
    Browser browser = loggedIn(a, email, ServerHarness.PASSWORD);
    Browser otherTab = browser.newTab(); // keeps the cookie after the logout clears it in this tab
    assertThat(otherTab.get("/v1/me").status()).isEqualTo(200);

    assertThat(browser.at(b).postCsrf("/v1/session/logout", null).status()).isEqualTo(204);

    assertLoggedOut(otherTab.at(a).get("/v1/me"));
    assertLoggedOut(otherTab.at(b).get("/v1/me"));
  }

  @Test
  void revokeOthersThroughBLogsOutTheDevicesOnA() {
    String email = ServerHarness.email();
    register(a, email);
    Browser keeper = loggedIn(a, email, ServerHarness.PASSWORD);
    Browser phone = loggedIn(a, email, ServerHarness.PASSWORD);
    Browser laptop = loggedIn(b, email, ServerHarness.PASSWORD);
    assertThat(keeper.get("/v1/sessions").json()).hasSize(3);

    assertThat(keeper.at(b).postCsrf("/v1/sessions/revoke-others", null).status()).isEqualTo(204);

    assertThat(keeper.at(a).get("/v1/me").status()).isEqualTo(200);
    assertLoggedOut(phone.at(a).get("/v1/me"));
    assertLoggedOut(laptop.at(a).get("/v1/me"));
    assertThat(keeper.at(a).get("/v1/sessions").json()).hasSize(1);
  }

  @Test
  void deletingOneDeviceThroughALogsItOutOnB() {
    String email = ServerHarness.email();
    register(a, email);
    Browser keeper = loggedIn(a, email, ServerHarness.PASSWORD);
    Browser victim = loggedIn(b, email, ServerHarness.PASSWORD);
    String victimId = victim.get("/v1/session").json().get("session_id").asText();
    assertThat(keeper.deleteCsrf("/v1/sessions/" + victimId).status()).isEqualTo(204);
    assertLoggedOut(victim.get("/v1/me"));
    assertThat(keeper.at(b).get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void forcedLogoutThroughBEndsSessionsRefreshFamiliesAndAccessTokensOnA() {
    String email = ServerHarness.email();
    String userId = register(a, email);
    Browser browser = loggedIn(a, email, ServerHarness.PASSWORD);
    JsonNode tokens = passwordGrant(a, email, ServerHarness.PASSWORD);
    String access = tokens.get("access_token").asText();
    assertThat(meWithBearer(a, access).status()).isEqualTo(200);

    Browser.Response forced = admin(b).postJson("/v1/admin/users/" + userId + "/logout-everywhere", Map.of());
    assertThat(forced.status()).as(forced.body()).isEqualTo(204);

    assertLoggedOut(browser.at(a).get("/v1/me"));
    Browser.Response refreshed = refresh(a, tokens.get("refresh_token").asText());
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(400);
    assertThat(refreshed.json().get("error").asText()).isEqualTo("invalid_grant");
    // A reads the account's change counter with the deny list (one MGET): the new token version
    // is seen at the next request, with the clock standing still
    Browser.Response me = meWithBearer(a, access);
    assertThat(me.status()).as(me.body()).isEqualTo(401);
    assertThat(me.error()).isEqualTo("invalid_token");
    // and the user can log in again on either instance
    loggedIn(a, email, ServerHarness.PASSWORD);
  }

  /**
   * Each instance keeps accounts in memory (CachingAccountStore), checked against the account's
   * change counter in Redis on every request: a change made through B is seen by A at A's very next
   * request, with the clock standing still (no cache lifetime to wait out), for a session, an access
   * token and forward auth alike.
   */
  @Test
  void aRoleChangeThroughBIsSeenByAAtItsNextRequestWithoutWaiting() {
    String email = ServerHarness.email();
    String userId = register(a, email);
    Browser browser = loggedIn(a, email, ServerHarness.PASSWORD);
    String access = passwordGrant(a, email, ServerHarness.PASSWORD).get("access_token").asText();
    Browser.Response created = browser.at(a).postCsrf("/v1/api-keys", Map.of("name", "roles"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String key = created.json().get("key").asText();
    for (int i = 0; i < 3; i++) { // A has read and kept the account (and the key)
      assertThat(browser.at(a).get("/v1/admin/users").status()).isEqualTo(403);
      assertThat(new Browser(a).get("/v1/check?role=admin", "Authorization", "Bearer " + access).status())
          .isEqualTo(403);
      assertThat(new Browser(a).get("/v1/check?role=admin", "Authorization", "Bearer " + key).status())
          .isEqualTo(403);
    }

    Browser.Response granted = admin(b).putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", List.of("admin")));
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    assertThat(browser.at(a).get("/v1/admin/users").status()).as("session on A, next request").isEqualTo(200);
    assertThat(new Browser(a).get("/v1/check?role=admin", "Authorization", "Bearer " + access).status())
        .as("access token on A, next request").isEqualTo(200);
    assertThat(new Browser(a).get("/v1/check?role=admin", "Authorization", "Bearer " + key).status())
        .as("API key on A, next request").isEqualTo(200);

    Browser.Response withdrawn = admin(b).putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", List.of()));
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(browser.at(a).get("/v1/admin/users").status()).as("withdrawn: session on A").isEqualTo(403);
    assertThat(new Browser(a).get("/v1/check?role=admin", "Authorization", "Bearer " + access).status())
        .as("withdrawn: access token on A").isEqualTo(403);
    assertThat(new Browser(a).get("/v1/check?role=admin", "Authorization", "Bearer " + key).status())
        .as("withdrawn: API key on A").isEqualTo(403);
  }

  /** A client kept in memory by A is refused by A at its next grant once it was deleted through B. */
  @Test
  void aClientDeletedThroughBCanNoLongerGetTokensOnA() {
    Browser.Response created = admin(a).postJson("/v1/admin/clients", Map.of("type", "service", "name", "svc"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("client_id").asText();
    String secret = created.json().get("client_secret").asText();
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "client_credentials");
    grant.put("client_id", id);
    grant.put("client_secret", secret);
    for (int i = 0; i < 3; i++) {
      Browser.Response r = form(a, grant);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    assertThat(admin(b).delete("/v1/admin/clients/" + id).status()).isEqualTo(204);
    Browser.Response refused = form(a, grant);
    assertThat(refused.status()).as(refused.body()).isEqualTo(401);
    assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void passwordChangeThroughBLogsOutTheOtherDevicesOnA() {
    String email = ServerHarness.email();
    register(a, email);
    Browser changer = loggedIn(a, email, ServerHarness.PASSWORD);
    Browser other = loggedIn(a, email, ServerHarness.PASSWORD);
    JsonNode tokens = passwordGrant(a, email, ServerHarness.PASSWORD);

    Browser.Response changed = changer.at(b).postCsrf("/v1/me/password",
        Map.of("current_password", ServerHarness.PASSWORD, "new_password", NEW_PASSWORD));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    changer.csrf = changed.json().get("csrf_token").asText();

    assertThat(changer.at(a).get("/v1/me").status()).isEqualTo(200); // the renewed session, on A
    assertLoggedOut(other.at(a).get("/v1/me"));
    assertThat(refresh(a, tokens.get("refresh_token").asText()).status()).isEqualTo(400);
    assertThat(new Browser(a).login(email, ServerHarness.PASSWORD).status()).isEqualTo(401);
    assertThat(new Browser(a).login(email, NEW_PASSWORD).status()).isEqualTo(200);
  }

  // --- tokens --------------------------------------------------------------------------------

  @Test
  void aRefreshTokenRotatedOnAAndReplayedOnBRevokesTheFamily() {
    String email = ServerHarness.email();
    register(a, email);
    JsonNode first = passwordGrant(a, email, ServerHarness.PASSWORD);
    Browser.Response rotated = refresh(a, first.get("refresh_token").asText());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String successor = rotated.json().get("refresh_token").asText();
    assertThat(successor).isNotEqualTo(first.get("refresh_token").asText());

    Browser.Response replay = refresh(b, first.get("refresh_token").asText());
    assertThat(replay.status()).as(replay.body()).isEqualTo(400);
    assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");

    Browser.Response successorRefused = refresh(a, successor);
    assertThat(successorRefused.status()).as(successorRefused.body()).isEqualTo(400);
    assertThat(successorRefused.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(refresh(b, successor).status()).isEqualTo(400);

    Browser.Response audit = admin(a).get("/v1/admin/audit?type=refresh_token_reuse_detected&limit=50");
    assertThat(audit.status()).isEqualTo(200);
    assertThat(audit.json().size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anAccessTokenIssuedByAWorksOnBUntilRevokedOnA() {
    String email = ServerHarness.email();
    String userId = register(a, email);
    String access = passwordGrant(a, email, ServerHarness.PASSWORD).get("access_token").asText();

    Browser.Response me = meWithBearer(b, access);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().get("user_id").asText()).isEqualTo(userId);
    assertThat(me.json().get("auth_method").asText()).isEqualTo("jwt");

    Browser.Response revoked = new Browser(a).postRaw("/v1/token/revoke",
        "token=" + URLEncoder.encode(access, StandardCharsets.UTF_8) + "&client_id=" + clientId,
        "application/x-www-form-urlencoded");
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

    Browser.Response refused = meWithBearer(b, access);
    assertThat(refused.status()).as(refused.body()).isEqualTo(401);
    assertThat(refused.error()).isEqualTo("invalid_token");
    assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void bothInstancesPublishTheSameSigningKeysAndIssuer() {
    JsonNode jwksA = new Browser(a).get("/.well-known/jwks.json").json();
    JsonNode jwksB = new Browser(b).get("/.well-known/jwks.json").json();
    assertThat(jwksA).isEqualTo(jwksB);
    assertThat(new Browser(b).get("/.well-known/oauth-authorization-server").json().get("issuer").asText())
        .isEqualTo(ISSUER);
  }

  /**
   * Key rollover (issue 7, item 11): a key rotated on A is published by both before it signs, and
   * both switch to it at the activation instant stored with it, not each at its own re-read.
   */
  @Test
  void aKeyRotatedOnAIsPublishedByBothAndBothSwitchAtTheStoredInstant() throws Exception {
    String email = ServerHarness.email();
    register(a, email);
    String oldKid = kid(passwordGrant(a, email, ServerHarness.PASSWORD).get("access_token").asText());
    Browser.Response rotated = admin(a).postJson("/v1/admin/keys/rotate", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String kid = rotated.json().get("kid").asText();
    Instant activatesAt = Instant.parse(rotated.json().get("activates_at").asText());

    // A publishes the new key at once, B from its next re-read of the store (at most a minute)
    assertThat(jwks(a)).contains(oldKid, kid);
    clock.advance(Duration.ofSeconds(61));
    assertThat(jwks(b)).contains(oldKid, kid).isEqualTo(jwks(a));
    for (String base : List.of(a, b)) {
      assertThat(kid(passwordGrant(base, email, ServerHarness.PASSWORD).get("access_token").asText()))
          .as("signing key on %s before activation", base).isEqualTo(oldKid);
    }
    // B's last re-read falls half a minute before the activation; it switches at the instant all the same
    clock.set(activatesAt.minusSeconds(30));
    assertThat(kid(passwordGrant(b, email, ServerHarness.PASSWORD).get("access_token").asText())).isEqualTo(oldKid);
    clock.set(activatesAt);
    String fromA = passwordGrant(a, email, ServerHarness.PASSWORD).get("access_token").asText();
    String fromB = passwordGrant(b, email, ServerHarness.PASSWORD).get("access_token").asText();
    assertThat(kid(fromA)).isEqualTo(kid);
    assertThat(kid(fromB)).isEqualTo(kid);
    assertThat(meWithBearer(b, fromA).status()).isEqualTo(200);
    assertThat(meWithBearer(a, fromB).status()).isEqualTo(200);
  }

  /** A compromised key: A cuts it off at once, B at its next re-read of the store. */
  @Test
  void anEmergencyRotationOnAIsHonouredByBWithinItsKeyRefresh() throws Exception {
    String email = ServerHarness.email();
    register(a, email);
    String before = passwordGrant(b, email, ServerHarness.PASSWORD).get("access_token").asText();
    Browser.Response rotated = admin(a).postJson("/v1/admin/keys/rotate?emergency=true", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String kid = rotated.json().get("kid").asText();
    assertThat(rotated.json().get("emergency").asBoolean()).isTrue();

    assertThat(meWithBearer(a, before).status()).isEqualTo(401);
    assertThat(kid(passwordGrant(a, email, ServerHarness.PASSWORD).get("access_token").asText())).isEqualTo(kid);
    clock.advance(Duration.ofSeconds(61));
    assertThat(meWithBearer(b, before).status()).isEqualTo(401);
    assertThat(kid(passwordGrant(b, email, ServerHarness.PASSWORD).get("access_token").asText())).isEqualTo(kid);
    assertThat(jwks(b)).isEqualTo(jwks(a)).contains(kid).doesNotContain(kid(before));
  }

  private static String jwks(String base) {
    return new Browser(base).get("/.well-known/jwks.json").json().toString();
  }

  private static String kid(String jwt) throws Exception {
    byte[] header = java.util.Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')));
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(header).get("kid").asText();
  }

  // --- throttling ----------------------------------------------------------------------------

  @Test
  void theLoginThrottleCountsFailuresOnBothInstances() {
    String email = ServerHarness.email();
    register(a, email);
    for (int i = 0; i < 5; i++) {
      String base = i % 2 == 0 ? a : b; // 3 failures on A, 2 on B: neither alone reaches 5
      Browser.Response r = new Browser(base).login(email, "wrong password " + i);
      assertThat(r.status()).as("attempt %d on %s: %s", i, base, r.body()).isEqualTo(401);
    }
    for (String base : List.of(a, b)) {
      Browser.Response limited = new Browser(base).login(email, ServerHarness.PASSWORD);
      assertThat(limited.status()).as("on %s: %s", base, limited.body()).isEqualTo(429);
      assertThat(limited.error()).isEqualTo("rate_limited");
      assertThat(limited.header("Retry-After")).isNotNull();
    }
    // the password grant goes through the same per-account counter
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "password");
    f.put("username", email);
    f.put("password", ServerHarness.PASSWORD);
    f.put("client_id", clientId);
    Browser.Response grant = form(b, f);
    assertThat(grant.status()).as(grant.body()).isEqualTo(429);
    assertThat(grant.header("Retry-After")).isNotNull();
  }
}
