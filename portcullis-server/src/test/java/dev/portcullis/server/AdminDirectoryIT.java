package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the dashboard and the CLI read: users by search, a user's devices, clients, signing keys,
 * and the audit trail in pages that link to the next one (RFC 8288 {@code rel="next"}).
 */
class AdminDirectoryIT {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

  @RegisterExtension
  static final DevServer h = new DevServer();

  @Test
  void usersAreFoundByPartOfTheEmailOrTheIdAndPagedByLink() {
    String tag = "dir" + UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    for (String local : List.of("carol", "alice", "bob", "dave", "erin")) {
      ids.add(h.register(local + "-" + tag + "@Example.com"));
    }

    List<String> emails = new ArrayList<>();
    String path = "/v1/admin/users?query=" + tag.toUpperCase() + "&limit=2"; // matched like an email: case-folded
    int pages = 0;
    while (path != null) {
      Browser.Response r = h.admin().get(path);
      assertThat(r.status()).isEqualTo(200);
      r.json().forEach(u -> emails.add(u.get("email").asText()));
      assertThat(r.json().get(0).has("password_hash")).isFalse();
      path = next(r);
      pages++;
    }
    assertThat(emails).containsExactly("alice-" + tag + "@example.com", "bob-" + tag + "@example.com",
        "carol-" + tag + "@example.com", "dave-" + tag + "@example.com", "erin-" + tag + "@example.com");
    assertThat(pages).isEqualTo(3); // 2 + 2 + 1: the short last page has no Link

    JsonNode byId = h.admin().get("/v1/admin/users?query=" + ids.get(0)).json();
    assertThat(byId).hasSize(1);
    assertThat(byId.get(0).get("email").asText()).isEqualTo("carol-" + tag + "@example.com");

    JsonNode one = h.admin().get("/v1/admin/users/" + ids.get(1)).json();
    assertThat(one.get("user_id").asText()).isEqualTo(ids.get(1));
    assertThat(one.get("roles")).isEmpty();
    assertThat(one.get("created_at").asText()).endsWith("Z");
    assertThat(h.admin().get("/v1/admin/users/u_nobody").status()).isEqualTo(404);
  }

  @Test
  void badPagingParametersAre400() {
    for (String q : List.of("limit=0", "limit=1001", "limit=x", "after=", "query=" + "a".repeat(255))) {
      Browser.Response r = h.admin().get("/v1/admin/users?" + q);
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.error()).isEqualTo("invalid_request");
    }
    for (String before : List.of("x", "1.", ".1", "-1.2", "1.2.3", "99999999999999999999.1")) {
      assertThat(h.admin().get("/v1/admin/audit?before=" + before).status()).as(before).isEqualTo(400);
    }
  }

  @Test
  void anAdministratorSeesAndEndsAUsersDevices() {
    String email = ServerHarness.email();
    String id = h.register(email);
    Browser laptop = h.browser().header("User-Agent", "Laptop/1.0");
    laptop.login(email, ServerHarness.PASSWORD);
    Browser phone = h.browser().header("User-Agent", "Phone/2.0");
    phone.login(email, ServerHarness.PASSWORD);

    JsonNode devices = h.admin().get("/v1/admin/users/" + id + "/sessions").json();
    assertThat(devices).hasSize(2);
    devices.forEach(d -> assertThat(d.get("current").asBoolean()).isFalse());
    String phoneSession = phone.get("/v1/session").json().get("session_id").asText();

    assertThat(h.admin().delete("/v1/admin/users/" + id + "/sessions/" + phoneSession).status()).isEqualTo(204);
    assertThat(phone.get("/v1/me").status()).isEqualTo(401);
    assertThat(laptop.get("/v1/me").status()).isEqualTo(200);
    assertThat(h.admin().get("/v1/admin/users/" + id + "/sessions").json()).hasSize(1);

    // another user's session id under this user is not found, and ends nothing
    String otherEmail = ServerHarness.email();
    String otherId = h.register(otherEmail);
    Browser other = h.browser();
    other.login(otherEmail, ServerHarness.PASSWORD);
    String otherSession = other.get("/v1/session").json().get("session_id").asText();
    assertThat(h.admin().delete("/v1/admin/users/" + id + "/sessions/" + otherSession).status()).isEqualTo(404);
    assertThat(other.get("/v1/me").status()).isEqualTo(200);
    assertThat(h.admin().get("/v1/admin/users/u_nobody/sessions").status()).isEqualTo(404);
    assertThat(otherId).isNotEqualTo(id);
  }

  @Test
  void clientsAreListedWithoutSecretsAndADeletedClientCannotAuthenticate() {
    OAuth oauth = new OAuth(h.harness());
    JsonNode service = oauth.client("service", "scopes", "[reports:read]");
    String clientId = service.get("client_id").asText();
    String secret = service.get("client_secret").asText();
    assertThat(oauth.token("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)
        .status()).isEqualTo(200);

    Browser.Response list = h.admin().get("/v1/admin/clients");
    assertThat(list.status()).isEqualTo(200);
    JsonNode listed = null;
    for (JsonNode c : list.json()) {
      assertThat(c.has("client_secret")).isFalse();
      assertThat(c.has("secret_hash")).isFalse();
      if (c.get("client_id").asText().equals(clientId)) {
        listed = c;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.get("type").asText()).isEqualTo("service");
    assertThat(listed.get("scopes").get(0).asText()).isEqualTo("reports:read");
    assertThat(list.body()).doesNotContain(secret);

    assertThat(h.admin().delete("/v1/admin/clients/" + clientId).status()).isEqualTo(204);
    assertThat(h.admin().delete("/v1/admin/clients/" + clientId).status()).isEqualTo(404);
    Browser.Response refused = oauth.token("grant_type", "client_credentials", "client_id", clientId,
        "client_secret", secret);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error()).isEqualTo("invalid_client");
  }

  @Test
  void signingKeysAreListedWithTheirScheduleAndNoPrivatePart() {
    Browser.Response before = h.admin().get("/v1/admin/keys");
    assertThat(before.status()).isEqualTo(200);
    long signing = count(before.json(), "signing");
    assertThat(signing).isEqualTo(1);

    String kid = h.admin().postJson("/v1/admin/keys/rotate", Map.of()).json().get("kid").asText();
    Browser.Response after = h.admin().get("/v1/admin/keys");
    JsonNode fresh = null;
    for (JsonNode k : after.json()) {
      assertThat(k.has("d")).isFalse();
      assertThat(k.has("private_key")).isFalse();
      if (k.get("kid").asText().equals(kid)) {
        fresh = k;
      }
    }
    assertThat(fresh).isNotNull();
    assertThat(fresh.get("state").asText()).isEqualTo("scheduled"); // published now, signs 7 minutes later
    assertThat(after.json().get(0).get("kid").asText()).isEqualTo(kid); // newest first
    assertThat(count(after.json(), "signing")).isEqualTo(1);
    assertThat(after.body()).doesNotContain("\"d\"");
  }

  @Test
  void theAuditTrailPagesWithoutGapsAndAUserSeesOnlyTheirOwnEvents() {
    String email = ServerHarness.email();
    String id = h.register(email);
    for (int i = 0; i < 3; i++) { // below the login throttle's limit, so the right password still works
      h.browser().postJson("/v1/session/login", Map.of("email", email, "password", "wrong password " + i));
    }
    Browser me = h.browser();
    me.login(email, ServerHarness.PASSWORD);

    List<String> walked = new ArrayList<>();
    String path = "/v1/admin/audit?user_id=" + id + "&type=login_failed&limit=2";
    while (path != null) {
      Browser.Response r = h.admin().get(path);
      assertThat(r.status()).isEqualTo(200);
      r.json().forEach(e -> {
        assertThat(e.get("type").asText()).isEqualTo("login_failed");
        walked.add(e.get("id").asText());
      });
      path = next(r);
      if (path != null) {
        assertThat(path).contains("user_id=" + id).contains("type=login_failed").contains("limit=2");
      }
    }
    assertThat(walked).hasSize(3).doesNotHaveDuplicates();

    Browser.Response mine = me.get("/v1/me/audit");
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json()).isNotEmpty();
    mine.json().forEach(e -> assertThat(e.get("user_id").asText()).isEqualTo(id));
    assertThat(mine.json().get(0).get("type").asText()).isEqualTo("login_succeeded");
    assertThat(me.get("/v1/me/audit?type=login_failed&limit=100").json()).hasSize(3);
    assertThat(h.browser().get("/v1/me/audit").status()).isEqualTo(401);
    assertThat(h.admin().get("/v1/me/audit").status()).isEqualTo(401); // the admin token is no user
  }

  private static long count(JsonNode keys, String state) {
    long n = 0;
    for (JsonNode k : keys) {
      n += k.get("state").asText().equals(state) ? 1 : 0;
    }
    return n;
  }

  private static String next(Browser.Response r) {
    String link = r.header("Link");
    if (link == null) {
      return null;
    }
    Matcher m = NEXT.matcher(link);
    assertThat(m.find()).as(link).isTrue();
    return m.group(1);
  }
}
