package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DevicesIT {
  @RegisterExtension
  static final DevServer h = new DevServer();

  private static List<Browser> devices(String email, int n) {
    h.register(email);
    List<Browser> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Browser b = h.browser().header("User-Agent", "Device-" + i);
      assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
      out.add(b);
    }
    return out;
  }

  @Test
  void listsEveryDeviceWithUserAgentIpAndWhichIsCurrent() {
    List<Browser> d = devices(ServerHarness.email(), 3);
    JsonNode list = d.get(1).get("/v1/sessions").json();
    assertThat(list).hasSize(3);
    int current = 0;
    for (JsonNode s : list) {
      assertThat(s.get("kind").asText()).isEqualTo("browser");
      assertThat(s.get("user_agent").asText()).startsWith("Device-");
      assertThat(s.get("ip").asText()).isEqualTo("127.0.0.1");
      assertThat(s.get("created_at").asText()).isNotEmpty();
      assertThat(s.get("last_seen_at").asText()).isNotEmpty();
      if (s.get("current").asBoolean()) {
        current++;
        assertThat(s.get("user_agent").asText()).isEqualTo("Device-1");
      }
    }
    assertThat(current).isEqualTo(1);
    // no secret in the list: handles only
    assertThat(list.toString()).doesNotContain(d.get(0).cookie("portcullis_session"));
  }

  @Test
  void revokingOneDeviceLogsOnlyThatOneOut() {
    List<Browser> d = devices(ServerHarness.email(), 3);
    String victimId = d.get(2).get("/v1/session").json().get("session_id").asText();
    assertThat(d.get(0).deleteCsrf("/v1/sessions/" + victimId).status()).isEqualTo(204);
    assertThat(d.get(2).get("/v1/me").status()).isEqualTo(401);
    assertThat(d.get(0).get("/v1/me").status()).isEqualTo(200);
    assertThat(d.get(1).get("/v1/me").status()).isEqualTo(200);
    assertThat(d.get(0).get("/v1/sessions").json()).hasSize(2);
  }

  @Test
  void revokeOthersKeepsOnlyTheCurrentSession() {
    List<Browser> d = devices(ServerHarness.email(), 3);
    assertThat(d.get(0).postCsrf("/v1/sessions/revoke-others", null).status()).isEqualTo(204);
    assertThat(d.get(0).get("/v1/me").status()).isEqualTo(200);
    assertThat(d.get(1).get("/v1/me").status()).isEqualTo(401);
    assertThat(d.get(2).get("/v1/me").status()).isEqualTo(401);
    assertThat(d.get(0).get("/v1/sessions").json()).hasSize(1);
  }

  @Test
  void userCannotRevokeAnotherUsersSession() {
    Browser alice = h.loggedIn();
    Browser bob = h.loggedIn();
    String aliceSession = alice.get("/v1/session").json().get("session_id").asText();
    Browser.Response r = bob.deleteCsrf("/v1/sessions/" + aliceSession);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.error()).isEqualTo("not_found");
    assertThat(alice.get("/v1/me").status()).isEqualTo(200);
    // and bob's revoke-others does not touch alice
    bob.postCsrf("/v1/sessions/revoke-others", null);
    assertThat(alice.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void passwordChangeLogsOutOtherDevicesAndRenewsThisOne() {
    String email = ServerHarness.email();
    List<Browser> d = devices(email, 3);
    String oldCookie = d.get(0).cookie("portcullis_session");
    Browser.Response r = d.get(0).postCsrf("/v1/me/password",
        Map.of("current_password", ServerHarness.PASSWORD, "new_password", "a brand new passphrase"));
    assertThat(r.status()).isEqualTo(200);
    String newCsrf = r.json().get("csrf_token").asText();
    assertThat(d.get(0).cookie("portcullis_session")).isNotEqualTo(oldCookie);
    assertThat(d.get(0).get("/v1/me").status()).isEqualTo(200);
    assertThat(d.get(1).get("/v1/me").status()).isEqualTo(401);
    assertThat(d.get(2).get("/v1/me").status()).isEqualTo(401);
    assertThat(d.get(0).get("/v1/sessions").json()).hasSize(1);
    assertThat(newCsrf).isNotEqualTo(d.get(0).csrf);

    Browser fresh = h.browser();
    assertThat(fresh.login(email, ServerHarness.PASSWORD).status()).isEqualTo(401);
    assertThat(fresh.login(email, "a brand new passphrase").status()).isEqualTo(200);
  }

  @Test
  void passwordChangeWithAWrongCurrentPasswordChangesNothing() {
    String email = ServerHarness.email();
    List<Browser> d = devices(email, 2);
    Browser.Response r = d.get(0).postCsrf("/v1/me/password",
        Map.of("current_password", "not the password", "new_password", "a brand new passphrase"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("forbidden");
    assertThat(d.get(1).get("/v1/me").status()).isEqualTo(200);
    assertThat(h.browser().login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
  }
}
