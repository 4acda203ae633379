package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard behind a load balancer that does not stick: two instances over one PostgreSQL and
 * one Redis, each request of one browser landing on either. The key shown once after a POST on A
 * is shown by B; a device signed out on B is gone on A.
 */
class DashboardTwoInstancesIT {
  static TwoInstances two;

  @BeforeAll
  static void start() throws Exception {
    two = TwoInstances.start();
  }

  @AfterAll
  static void stop() {
    two.close();
  }

  static Browser signedInOn(String base, String email) {
    Browser b = new Browser(base);
    String token = PagesIT.csrfField(b.get("/signin"));
    assertThat(PagesIT.postForm(b, "/signin", "_csrf", token, "email", email, "password", ServerHarness.PASSWORD)
        .status()).isEqualTo(303);
    return b;
  }

  @Test
  void aSecretPostedOnAIsShownOnceByBAndADeviceEndedOnBIsGoneOnA() {
    String email = ServerHarness.email();
    assertThat(new Browser(two.a()).postJson("/v1/register", Map.of("email", email, "password", ServerHarness.PASSWORD))
        .status()).isEqualTo(201);
    Browser b = signedInOn(two.a(), email);
    Browser other = signedInOn(two.b(), email);

    String token = PagesIT.csrfField(b.get("/account/keys"));
    assertThat(PagesIT.postForm(b, "/account/keys", "_csrf", token, "name", "balanced", "expires_in_days", "30")
        .status()).isEqualTo(303);
    String page = b.at(two.b()).get("/account/keys?done=key_created").body();
    assertThat(page).contains("New API key “balanced”", "value=\"pcl_ak_");
    assertThat(b.at(two.a()).get("/account/keys").body()).doesNotContain("id=\"secret-value\"");

    String otherId = other.get("/v1/session").json().get("session_id").asText();
    String onB = PagesIT.csrfField(b.at(two.b()).get("/account"));
    assertThat(PagesIT.postForm(b, "/account/devices/" + otherId + "/revoke", "_csrf", onB).header("Location"))
        .isEqualTo("/account?done=device_revoked");
    assertThat(other.at(two.a()).get("/account").status()).as("signed out on A as well").isEqualTo(303);
    assertThat(b.at(two.a()).get("/account").body()).doesNotContain(otherId);
  }
}
