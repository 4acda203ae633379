package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.ContextWatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session cookie replayed from another browser family: recorded (audit event and metric) by
 * default, and ended with {@code --session-context-change revoke}.
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

  @Test
  void byDefaultAReplayFromAnotherBrowserIsRecordedOnceAndCounted() {
    try (ServerHarness h = ServerHarness.dev()) {
      Browser b = signedInWithFirefox(h);
      String cookie = b.cookie("portcullis_session");
      assertThat(b.get("/v1/me").status()).isEqualTo(200);
      Browser thief = h.browser().header("User-Agent", CHROME);
      thief.setCookie("portcullis_session", cookie);
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
      Browser thief = h.browser().header("User-Agent", CHROME);
      thief.setCookie("portcullis_session", b.cookie("portcullis_session"));
      Browser.Response refused = thief.get("/v1/me");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.error()).isEqualTo("session_expired");
      assertThat(b.get("/v1/me").status()).isEqualTo(401); // the owner must sign in again too
      assertThat(h.admin().get("/v1/admin/audit?type=session_context_changed&limit=10").json().get(0).get("detail")
          .asText()).endsWith("revoked");
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
