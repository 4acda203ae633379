package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.ContextWatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session cookie replayed from another browser family or network: recorded (audit event and
 * metric) by default, and ended with {@code --session-context-change revoke}; on the server's own
 * routes and on forward auth ({@code GET /v1/check}) alike.
 */
class SessionContextIT {
  static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0";
  static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/124.0.0.0 Safari/537.36";

  private static Browser signedInWithFirefox(ServerHarness h) {
    String email = ServerHarness.email();
    h.register(email);
    Browser b = h.browser().header("User-Agent", FIREFOX);
    assertThat(b.postJson("/v1/session/login", Map.of("email", email, "password", ServerHarness.PASSWORD)).status())
        .isEqualTo(200);
    return b;
  }

  /** Another browser (Chrome on Windows) holding a copy of {@code b}'s session cookie. */
  private static Browser replayedInChrome(ServerHarness h, Browser b) {
    Browser thief = h.browser().header("User-Agent", CHROME);
    thief.setCookie("portcullis_session", b.cookie("portcullis_session"));
    return thief;
  }

  @Test
  void byDefaultAReplayFromAnotherBrowserIsRecordedOnceAndCounted() {
    try (ServerHarness h = ServerHarness.dev()) {
      Browser b = signedInWithFirefox(h);
      assertThat(b.get("/v1/me").status()).isEqualTo(200);
      Browser thief = replayedInChrome(h, b);
      assertThat(thief.get("/v1/me").status()).isEqualTo(200);
      assertThat(thief.get("/v1/me").status()).isEqualTo(200);

      Browser.Response audit = h.admin().get("/v1/admin/audit?type=session_context_changed&limit=10");
      assertThat(audit.json()).hasSize(1);
      assertThat(audit.json().get(0).get("detail").asText()).contains("Firefox on Linux -> Chrome on Windows");
      assertThat(h.browser().get("/metrics").body())
          .contains("portcullis_audit_events_total{type=\"session_context_changed\"} 1.0");
    }
  }

  @Test
  void inRevokeModeTheReplayEndsTheSessionForEveryone() {
    try (ServerHarness h = new ServerHarness(c -> c.sessionContextChange(ContextWatch.Mode.REVOKE))) {
      Browser b = signedInWithFirefox(h);
      assertThat(b.get("/v1/me").status()).isEqualTo(200);
      Browser thief = replayedInChrome(h, b);
      Browser.Response refused = thief.get("/v1/me");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.error()).isEqualTo("session_expired");
      assertThat(b.get("/v1/me").status()).isEqualTo(401); // the owner must sign in again too
      assertThat(h.admin().get("/v1/admin/audit?type=session_context_changed&limit=10").json().get(0).get("detail")
          .asText()).endsWith("revoked");
    }
  }

  private static Browser.Response auditOfContextChanges(ServerHarness h) {
    return h.admin().get("/v1/admin/audit?type=session_context_changed&limit=10");
  }

  @Test
  void forwardAuthRecordsAReplayFromAnotherBrowserOnceAndStillLetsItThrough() {
    try (ServerHarness h = ServerHarness.dev()) {
      Browser b = signedInWithFirefox(h);
      String user = b.get("/v1/me").json().get("user_id").asText();
      assertThat(b.get("/v1/check").status()).isEqualTo(200);
      assertThat(auditOfContextChanges(h).json()).isEmpty(); // the owner's own browser changes nothing

      Browser thief = replayedInChrome(h, b);
      Browser.Response checked = thief.get("/v1/check");
      assertThat(checked.status()).isEqualTo(200);
      assertThat(checked.header("X-Auth-User")).isEqualTo(user);
      assertThat(thief.get("/v1/check").status()).isEqualTo(200);

      var events = auditOfContextChanges(h).json();
      assertThat(events).hasSize(1); // once per session and new context
      assertThat(events.get(0).get("user_id").asText()).isEqualTo(user);
      assertThat(events.get(0).get("user_agent").asText()).isEqualTo(CHROME);
      assertThat(events.get(0).get("detail").asText()).contains("Firefox on Linux -> Chrome on Windows")
          .doesNotContain("revoked");
      assertThat(h.browser().get("/metrics").body())
          .contains("portcullis_audit_events_total{type=\"session_context_changed\"} 1.0");
    }
  }

  @Test
  void inRevokeModeForwardAuthEndsAReplayedSessionAndClearsItsCookie() {
    try (ServerHarness h = new ServerHarness(c -> c.sessionContextChange(ContextWatch.Mode.REVOKE))) {
      Browser b = signedInWithFirefox(h);
      assertThat(b.get("/v1/check").status()).isEqualTo(200);
      Browser thief = replayedInChrome(h, b);
      Browser.Response refused = thief.get("/v1/check", "Accept", "application/json");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.error()).isEqualTo("session_expired");
      assertThat(refused.header("X-Auth-User")).isNull();
      assertThat(refused.setCookies()).anySatisfy(c -> assertThat(c).startsWith("portcullis_session=;")
          .contains("Max-Age=0"));
      // ended for everyone: the owner signs in again, on the proxy and on the server's own routes
      assertThat(b.get("/v1/check").status()).isEqualTo(401);
      assertThat(b.get("/v1/me").status()).isEqualTo(401);
      assertThat(auditOfContextChanges(h).json().get(0).get("detail").asText()).endsWith("revoked");
    }
  }

  @Test
  void forwardAuthTakesTheNetworkFromTheForwardedHeadersOfATrustedProxy() {
    try (ServerHarness h = new ServerHarness(c -> c.trustProxy(true).sessionContextChange(ContextWatch.Mode.REVOKE))) {
      String email = ServerHarness.email();
      h.register(email);
      Browser b = h.browser().header("User-Agent", FIREFOX);
      assertThat(b.postJson("/v1/session/login", Map.of("email", email, "password", ServerHarness.PASSWORD),
          "X-Forwarded-For", "198.51.100.7").status()).isEqualTo(200);
      // the same /16 is the same network; the proxy's own entry is the right-most one
      assertThat(b.get("/v1/check", "X-Forwarded-For", "203.0.113.5, 198.51.7.9").status()).isEqualTo(200);
      assertThat(auditOfContextChanges(h).json()).isEmpty();
      assertThat(b.get("/v1/check", "Accept", "application/json", "X-Forwarded-For", "203.0.113.5").status())
          .isEqualTo(401);
      var event = auditOfContextChanges(h).json().get(0);
      assertThat(event.get("ip").asText()).isEqualTo("203.0.113.5");
      assertThat(event.get("detail").asText()).contains("network 198.51.0.0/16 -> 203.0.0.0/16").endsWith("revoked");
    }
  }

  private static Browser.Response token(ServerHarness h, String userAgent, String... form) {
    return h.browser().header("User-Agent", userAgent).postRaw("/v1/token", OAuth.form(form),
        "application/x-www-form-urlencoded");
  }

  @Test
  void anAppsRefreshFromAnotherBrowserFamilyIsRecordedOrInRevokeModeEndsTheFamily() {
    for (ContextWatch.Mode mode : new ContextWatch.Mode[] {ContextWatch.Mode.RECORD, ContextWatch.Mode.REVOKE}) {
      try (ServerHarness h = new ServerHarness(c -> c.sessionContextChange(mode))) {
        String email = ServerHarness.email();
        h.register(email);
        String client = new OAuth(h).client("mobile").get("client_id").asText();
        String refresh = token(h, FIREFOX, "grant_type", "password", "username", email, "password",
            ServerHarness.PASSWORD, "client_id", client).json().get("refresh_token").asText();
        refresh = token(h, FIREFOX, "grant_type", "refresh_token", "refresh_token", refresh, "client_id", client)
            .json().get("refresh_token").asText();

        Browser.Response elsewhere = token(h, CHROME, "grant_type", "refresh_token", "refresh_token", refresh,
            "client_id", client);
        String detail = h.admin().get("/v1/admin/audit?type=session_context_changed&limit=10").json().get(0)
            .get("detail").asText();
        assertThat(detail).startsWith("refresh family f_").contains("Firefox on Linux -> Chrome on Windows");
        if (mode == ContextWatch.Mode.RECORD) {
          assertThat(elsewhere.status()).isEqualTo(200);
        } else {
          assertThat(elsewhere.status()).isEqualTo(400); // RFC 6749 §5.2
          assertThat(elsewhere.json().get("error").asText()).isEqualTo("invalid_grant");
          assertThat(detail).endsWith("revoked");
          // the family is gone for its owner too
          assertThat(token(h, FIREFOX, "grant_type", "refresh_token", "refresh_token", refresh, "client_id", client)
              .status()).isEqualTo(400);
        }
      }
    }
  }
}
