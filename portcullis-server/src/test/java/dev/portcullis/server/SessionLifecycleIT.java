package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionLifecycleIT {
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.sessionIdle(Duration.ofHours(1)).sessionAbsolute(Duration.ofHours(8)));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void registerLoginWhoamiLogoutOverHttp() {
    String email = ServerHarness.email();
    String userId = h.register(email);
    Browser b = h.browser();
    Browser.Response login = b.login(email, ServerHarness.PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().get("user_id").asText()).isEqualTo(userId);
    assertThat(login.json().get("csrf_token").asText()).hasSizeGreaterThan(20);

    Browser.Response me = b.get("/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("email").asText()).isEqualTo(email);
    assertThat(me.json().get("auth_method").asText()).isEqualTo("session");

    Browser.Response session = b.get("/v1/session");
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().get("session_id").asText()).startsWith("s_");
    assertThat(session.json().get("session_id").asText()).isNotEqualTo(b.cookie("portcullis_session"));
    assertThat(session.json().get("csrf_token").asText()).isEqualTo(b.csrf);

    String cookie = b.cookie("portcullis_session");
    Browser.Response logout = b.postCsrf("/v1/session/logout", null);
    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=;").contains("Max-Age=0"));
    assertThat(b.get("/v1/me").status()).isEqualTo(401);

    // the session is really gone server-side: replaying the old cookie does not work
    Browser replay = h.browser();
    replay.setCookie("portcullis_session", cookie);
    Browser.Response r = replay.get("/v1/me");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("session_expired");
  }

  @Test
  void emailIsNormalisedOnRegisterAndLogin() {
    String local = "Mixed.Case-" + System.nanoTime();
    h.register("  " + local + "@Example.COM ");
    Browser b = h.browser();
    assertThat(b.login(local.toLowerCase() + "@example.com", ServerHarness.PASSWORD).status()).isEqualTo(200);
    assertThat(b.get("/v1/me").json().get("email").asText()).isEqualTo(local.toLowerCase() + "@example.com");
  }

  @Test
  void loginNeverAdoptsASessionCookieSentAlong() {
    Browser victim = h.loggedIn();
    String planted = victim.cookie("portcullis_session");
    String email = ServerHarness.email();
    h.register(email);
    Browser attacker = h.browser();
    attacker.setCookie("portcullis_session", planted);
    attacker.login(email, ServerHarness.PASSWORD);
    assertThat(attacker.cookie("portcullis_session")).isNotEqualTo(planted);
    // the session named by the cookie sent along is ended, never reused
    assertThat(victim.get("/v1/me").status()).isEqualTo(401);

    Browser fixed = h.browser();
    fixed.setCookie("portcullis_session", "attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaa");
    fixed.login(email, ServerHarness.PASSWORD);
    assertThat(fixed.cookie("portcullis_session")).isNotEqualTo("attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaa");
    assertThat(fixed.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aFailedLoginLeavesTheCurrentSessionAlone() {
    Browser b = h.loggedIn();
    String email = b.get("/v1/me").json().get("email").asText();
    assertThat(b.postJson("/v1/session/login", Map.of("email", email, "password", "not my password")).status())
        .isEqualTo(401);
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void eachLoginGetsANewSessionId() {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser();
    b.login(email, ServerHarness.PASSWORD);
    String first = b.cookie("portcullis_session");
    String firstId = b.get("/v1/session").json().get("session_id").asText();
    b.login(email, ServerHarness.PASSWORD);
    assertThat(b.cookie("portcullis_session")).isNotEqualTo(first);
    assertThat(b.get("/v1/session").json().get("session_id").asText()).isNotEqualTo(firstId);
  }

  @Test
  void idleTimeoutSlidesWithUseAndExpires() {
    Browser b = h.loggedIn();
    h.clock.advance(Duration.ofMinutes(50));
    assertThat(b.get("/v1/me").status()).isEqualTo(200); // use slides the idle deadline
    h.clock.advance(Duration.ofMinutes(50));
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
    h.clock.advance(Duration.ofMinutes(61));
    Browser.Response r = b.get("/v1/me");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("session_expired");
    assertThat(r.setCookies()).anySatisfy(c -> assertThat(c).contains("Max-Age=0"));
  }

  @Test
  void aShortIdleTimeoutSlidesWithEveryRequestAndAGapAsLongAsItEndsTheSession() {
    try (ServerHarness quick = new ServerHarness(b -> b.sessionIdle(Duration.ofSeconds(2)))) {
      Browser b = quick.loggedIn();
      for (int i = 1; i <= 7; i++) { // 10.5 s of use, a request every 1.5 s of clock time
        quick.clock.advance(Duration.ofMillis(1500));
        assertThat(b.get("/v1/me").status()).as("after %d ms", i * 1500).isEqualTo(200);
      }
      quick.clock.advance(Duration.ofSeconds(2));
      Browser.Response r = b.get("/v1/me");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.error()).isEqualTo("session_expired");
    }
  }

  @Test
  void absoluteLifetimeDoesNotSlide() {
    Browser b = h.loggedIn();
    for (int i = 0; i < 15; i++) {
      h.clock.advance(Duration.ofMinutes(30));
      assertThat(b.get("/v1/me").status()).as("after %d min", (i + 1) * 30).isEqualTo(200);
    }
    h.clock.advance(Duration.ofMinutes(31)); // 8h01 after login, used every 30 minutes
    Browser.Response r = b.get("/v1/me");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("session_expired");
  }

  @Test
  void sessionSurvivesABrowserRestartThroughItsMaxAge() {
    Browser b = h.loggedIn();
    b.restart();
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
    assertThat(b.get("/v1/session").json().get("expires_at").asText()).isNotEmpty();
  }

  @Test
  void logoutInOneTabLogsOutEveryTab() {
    Browser tab1 = h.loggedIn();
    Browser tab2 = tab1.newTab();
    assertThat(tab2.get("/v1/me").status()).isEqualTo(200);
    assertThat(tab1.postCsrf("/v1/session/logout", null).status()).isEqualTo(204);
    Browser.Response r = tab2.get("/v1/me");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("session_expired");
  }

  @Test
  void lastSeenIsWrittenAtMostOncePerMinute() {
    Browser b = h.loggedIn();
    String before = lastSeen(b);
    h.clock.advance(Duration.ofSeconds(30));
    assertThat(lastSeen(b)).isEqualTo(before);
    h.clock.advance(Duration.ofSeconds(31));
    assertThat(lastSeen(b)).isNotEqualTo(before);
  }

  private static String lastSeen(Browser b) {
    for (var s : b.get("/v1/sessions").json()) {
      if (s.get("current").asBoolean()) {
        return s.get("last_seen_at").asText();
      }
    }
    throw new AssertionError("no current session");
  }

  @Test
  void roleChangeGivesTheSessionANewIdAtItsNextRequest() {
    Browser b = h.loggedIn();
    String userId = b.get("/v1/me").json().get("user_id").asText();
    String before = b.cookie("portcullis_session");
    String csrfBefore = b.csrf;
    assertThat(h.admin().putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", java.util.List.of("support")))
        .status()).isEqualTo(200);
    Browser stale = b.newTab();
    Browser.Response me = b.get("/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("roles").get(0).asText()).isEqualTo("support");
    assertThat(b.cookie("portcullis_session")).isNotEqualTo(before);
    // the old secret is dead, the CSRF token (bound to the stable session handle) still works
    assertThat(stale.get("/v1/me").status()).isEqualTo(401);
    assertThat(b.get("/v1/session").json().get("csrf_token").asText()).isEqualTo(csrfBefore);
  }
}
