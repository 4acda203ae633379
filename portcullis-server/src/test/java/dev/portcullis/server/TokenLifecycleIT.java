package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.Race;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenLifecycleIT {
  static ServerHarness h;
  static OAuth oauth;
  static String mobile;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer("http://portcullis.test"));
    oauth = new OAuth(h);
    mobile = oauth.client("mobile").get("client_id").asText();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String user() {
    String email = ServerHarness.email();
    h.register(email);
    return email;
  }

  @Test
  void passwordGrantGivesAShortLivedJwtAndAnOpaqueRefreshToken() {
    String email = user();
    Browser.Response r = oauth.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode t = r.json();
    assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(t.get("expires_in").asLong()).isBetween(590L, 600L);
    assertThat(t.get("access_token").asText().split("\\.")).hasSize(3);
    assertThat(t.get("refresh_token").asText()).doesNotContain(".").hasSizeGreaterThanOrEqualTo(43);

    Browser.Response me = oauth.me(t.get("access_token").asText());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("email").asText()).isEqualTo(email);
    assertThat(me.json().get("auth_method").asText()).isEqualTo("jwt");
  }

  @Test
  void accessTokenHeaderAndClaimsFollowRfc9068() throws Exception {
    String access = oauth.password(mobile, user(), ServerHarness.PASSWORD).json().get("access_token").asText();
    var jwt = com.nimbusds.jwt.SignedJWT.parse(access);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    var c = jwt.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo("http://portcullis.test");
    assertThat(c.getSubject()).startsWith("u_");
    assertThat(c.getAudience()).isNotEmpty();
    assertThat(c.getJWTID()).isNotBlank();
    assertThat(c.getStringClaim("client_id")).isEqualTo(mobile);
    assertThat(c.getStringClaim("sid")).startsWith("f_");
    assertThat(c.getClaim("tv")).isNotNull();
    assertThat(Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void accessTokenExpiresWithTheClock() {
    String access = oauth.password(mobile, user(), ServerHarness.PASSWORD).json().get("access_token").asText();
    h.clock.advance(Duration.ofMinutes(9));
    assertThat(oauth.me(access).status()).isEqualTo(200);
    h.clock.advance(Duration.ofMinutes(2)); // 11 min: past exp and the 30 s leeway
    Browser.Response r = oauth.me(access);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("invalid_token");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"portcullis\", error=\"invalid_token\"");
  }

  @Test
  void refreshRotatesAndTheOldTokenIsDead() {
    JsonNode first = oauth.password(mobile, user(), ServerHarness.PASSWORD).json();
    Browser.Response second = oauth.refresh(mobile, first.get("refresh_token").asText());
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.json().get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
    assertThat(oauth.me(second.json().get("access_token").asText()).status()).isEqualTo(200);
    Browser.Response third = oauth.refresh(mobile, second.json().get("refresh_token").asText());
    assertThat(third.status()).isEqualTo(200);
  }

  @Test
  void reusingARotatedRefreshTokenRevokesTheWholeFamilyAndIsAudited() {
    String email = user();
    JsonNode first = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    String userId = oauth.me(first.get("access_token").asText()).json().get("user_id").asText();
    JsonNode second = oauth.refresh(mobile, first.get("refresh_token").asText()).json();

    Browser.Response replay = oauth.refresh(mobile, first.get("refresh_token").asText());
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(replay.json().has("error_description")).isTrue();
    // the legitimate successor dies with the family
    assertThat(oauth.refresh(mobile, second.get("refresh_token").asText()).status()).isEqualTo(400);

    JsonNode audit = h.admin().get("/v1/admin/audit?type=refresh_token_reuse_detected&user_id=" + userId).json();
    assertThat(audit).hasSize(1);
    assertThat(h.browser().get("/metrics").body()).containsPattern("portcullis_refresh_token_reuse_total [1-9]");
  }

  @Test
  void concurrentRefreshesWithoutGraceLetAtMostOneWin() throws Exception {
    JsonNode first = oauth.password(mobile, user(), ServerHarness.PASSWORD).json();
    String refresh = first.get("refresh_token").asText();
    List<Integer> statuses = Race.times(8, () -> oauth.refresh(mobile, refresh).status());
    assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(1);
    assertThat(statuses).allMatch(s -> s == 200 || s == 400);
  }

  @Test
  void revokingTheRefreshTokenLogsTheAppOut() {
    JsonNode t = oauth.password(mobile, user(), ServerHarness.PASSWORD).json();
    assertThat(oauth.revoke(mobile, t.get("refresh_token").asText()).status()).isEqualTo(200);
    assertThat(oauth.refresh(mobile, t.get("refresh_token").asText()).status()).isEqualTo(400);
    // revoking something unknown is still 200 (RFC 7009)
    assertThat(oauth.revoke(mobile, "no-such-token").status()).isEqualTo(200);
  }

  @Test
  void revokingAnAccessTokenDenyListsIt() {
    String access = oauth.password(mobile, user(), ServerHarness.PASSWORD).json().get("access_token").asText();
    assertThat(oauth.me(access).status()).isEqualTo(200);
    assertThat(oauth.revoke(mobile, access).status()).isEqualTo(200);
    assertThat(oauth.me(access).status()).isEqualTo(401);
  }

  @Test
  void appsAppearInTheDeviceListAndCanBeLoggedOutFromTheBrowser() {
    String email = user();
    JsonNode t = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    Browser browser = h.browser();
    browser.login(email, ServerHarness.PASSWORD);
    JsonNode devices = browser.get("/v1/sessions").json();
    assertThat(devices).hasSize(2);
    JsonNode app = null;
    for (JsonNode d : devices) {
      if (d.get("kind").asText().equals("app")) {
        app = d;
      }
    }
    assertThat(app).isNotNull();
    assertThat(app.get("session_id").asText()).startsWith("f_");
    assertThat(browser.deleteCsrf("/v1/sessions/" + app.get("session_id").asText()).status()).isEqualTo(204);
    assertThat(oauth.refresh(mobile, t.get("refresh_token").asText()).status()).isEqualTo(400);
    // the app sees itself as current in its own list
    JsonNode t2 = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    JsonNode fromApp = h.browser().get("/v1/sessions", "Authorization", "Bearer " + t2.get("access_token").asText()).json();
    assertThat(fromApp.toString()).contains("\"current\":true");
  }

  @Test
  void forcedLogoutKillsRefreshAndAccessTokens() {
    String email = user();
    JsonNode t = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    String userId = oauth.me(t.get("access_token").asText()).json().get("user_id").asText();
    assertThat(h.admin().postJson("/v1/admin/users/" + userId + "/logout-everywhere", Map.of()).status()).isEqualTo(204);
    assertThat(oauth.me(t.get("access_token").asText()).status()).isEqualTo(401);
    assertThat(oauth.refresh(mobile, t.get("refresh_token").asText()).status()).isEqualTo(400);
    // a fresh login gets tokens that work
    assertThat(oauth.me(oauth.password(mobile, email, ServerHarness.PASSWORD).json().get("access_token").asText()).status())
        .isEqualTo(200);
  }

  @Test
  void passwordChangeKillsRefreshAndAccessTokens() {
    String email = user();
    JsonNode t = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    Browser browser = h.browser();
    browser.login(email, ServerHarness.PASSWORD);
    assertThat(browser.postCsrf("/v1/me/password", Map.of("current_password", ServerHarness.PASSWORD,
        "new_password", "a whole new password")).status()).isEqualTo(200);
    assertThat(oauth.me(t.get("access_token").asText()).status()).isEqualTo(401);
    assertThat(oauth.refresh(mobile, t.get("refresh_token").asText()).status()).isEqualTo(400);
  }

  @Test
  void wrongPasswordIsInvalidGrantAndThrottled() {
    String email = user();
    Browser.Response r = oauth.password(mobile, email, "wrong password");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
    JsonNode failed = h.admin().get("/v1/admin/audit?type=login_failed&limit=1").json();
    assertThat(failed.get(0).get("detail").asText()).isEqualTo("wrong password");
  }
}
