package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminIT {
  @RegisterExtension
  static final DevServer h = new DevServer();

  @Test
  void noCredentialIs401AndAWrongRoleIs403() {
    Browser.Response anonymous = h.browser().get("/v1/admin/audit");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.error()).isEqualTo("unauthenticated");

    Browser user = h.loggedIn();
    Browser.Response r = user.get("/v1/admin/audit");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("forbidden");

    Browser.Response wrongToken = h.browser().get("/v1/admin/audit", "Authorization", "Bearer not-the-admin-token-at-all");
    assertThat(wrongToken.status()).isEqualTo(401);
    assertThat(wrongToken.error()).isEqualTo("invalid_token");
  }

  @Test
  void adminTokenIsOnlyAcceptedOnAdminRoutes() {
    assertThat(h.admin().get("/v1/me").status()).isEqualTo(401);
    assertThat(h.admin().get("/v1/admin/audit").status()).isEqualTo(200);
  }

  @Test
  void userWithAdminRoleCanAdministerThroughTheirSession() {
    String email = ServerHarness.email();
    String id = h.register(email);
    h.admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("admin")));
    Browser b = h.browser();
    b.login(email, ServerHarness.PASSWORD);
    assertThat(b.get("/v1/admin/audit?limit=1").status()).isEqualTo(200);
    // roles are re-read on every request: removing the role takes effect at once
    h.admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of()));
    assertThat(b.get("/v1/admin/audit?limit=1").status()).isEqualTo(403);
  }

  @Test
  void logoutEverywhereKillsEverySessionOfThatUserOnly() {
    String email = ServerHarness.email();
    String id = h.register(email);
    List<Browser> devices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Browser b = h.browser();
      b.login(email, ServerHarness.PASSWORD);
      devices.add(b);
    }
    Browser bystander = h.loggedIn();
    assertThat(h.admin().postJson("/v1/admin/users/" + id + "/logout-everywhere", Map.of()).status()).isEqualTo(204);
    for (Browser b : devices) {
      assertThat(b.get("/v1/me").status()).isEqualTo(401);
    }
    assertThat(bystander.get("/v1/me").status()).isEqualTo(200);
    assertThat(h.browser().login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void auditTrailRecordsTheLifecycleWithoutSecrets() {
    String email = ServerHarness.email();
    String id = h.register(email);
    Browser b = h.browser().header("User-Agent", "AuditAgent/1.0");
    b.postJson("/v1/session/login", Map.of("email", email, "password", "wrong password!"));
    b.login(email, ServerHarness.PASSWORD);
    String sessionId = b.get("/v1/session").json().get("session_id").asText();
    String cookieSecret = b.cookie("portcullis_session");
    Browser other = h.browser();
    other.login(email, ServerHarness.PASSWORD);
    String otherId = other.get("/v1/session").json().get("session_id").asText();
    b.deleteCsrf("/v1/sessions/" + otherId);
    h.admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("support")));
    b.csrf = b.postCsrf("/v1/me/password", Map.of("current_password", ServerHarness.PASSWORD, "new_password", "the second password"))
        .json().get("csrf_token").asText();
    b.postCsrf("/v1/session/logout", null);
    h.admin().postJson("/v1/admin/users/" + id + "/logout-everywhere", Map.of());

    JsonNode events = h.admin().get("/v1/admin/audit?user_id=" + id).json();
    List<String> types = new ArrayList<>();
    events.forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).contains("registered", "login_failed", "login_succeeded", "session_revoked",
        "roles_changed", "password_changed", "logout", "forced_logout");
    assertThat(events.get(0).get("type").asText()).isEqualTo("forced_logout"); // newest first
    String all = events.toString();
    assertThat(all).doesNotContain(ServerHarness.PASSWORD).doesNotContain("the second password")
        .doesNotContain(b.csrf).doesNotContain(cookieSecret);
    assertThat(all).contains("AuditAgent/1.0").contains("127.0.0.1").contains(otherId);
    assertThat(sessionId).startsWith("s_");

    JsonNode failed = h.admin().get("/v1/admin/audit?user_id=" + id + "&type=login_failed&limit=1").json();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).get("type").asText()).isEqualTo("login_failed");
  }

  @Test
  void healthAndReadinessAnswer() {
    assertThat(h.browser().get("/healthz").status()).isEqualTo(200);
    Browser.Response ready = h.browser().get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    assertThat(h.browser().get("/metrics").body()).contains("portcullis_logins_total");
  }
}
