package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 3: when an app's login (a refresh family) is revoked, the access tokens already
 * issued to it stop working at once, on every instance, for bearer routes and introspection alike.
 * The app logs in on A; the revocation goes through whichever instance the caller reaches.
 */
@Timeout(value = 120)
abstract class FamilyRevocationChecks extends DeploymentLifecycle {
  private Deployment d;
  private OAuth onA;
  private OAuth onB;
  private String mobile;
  private JsonNode resourceServer;
  private String email;

  @BeforeEach
  void appAndResourceServer() {
    d = deployment();
    onA = new OAuth(d.a());
    onB = new OAuth(d.b());
    mobile = onA.client("mobile").get("client_id").asText();
    resourceServer = onA.client("resource-server");
    email = ServerHarness.email();
    Browser.Response r = new Browser(d.a()).postJson("/v1/register", Map.of("email", email, "password", ServerHarness.PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private JsonNode appLogin() {
    Browser.Response r = onA.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(onA.me(r.json().get("access_token").asText()).status()).isEqualTo(200);
    return r.json();
  }

  private Browser browserOnB() {
    Browser b = new Browser(d.b());
    assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
    return b;
  }

  private static String familyOf(JsonNode tokens) throws java.text.ParseException {
    return SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet().getStringClaim("sid");
  }

  /** Refused on every instance at the next request: 401 on /v1/me, inactive on introspection. */
  private void assertRefusedEverywhere(String accessToken) {
    for (OAuth on : List.of(onA, onB)) {
      Browser.Response me = on.me(accessToken);
      assertThat(me.status()).as(me.body()).isEqualTo(401);
      assertThat(me.error()).isEqualTo("invalid_token");
      Browser.Response introspected = on.introspect(resourceServer.get("client_id").asText(),
          resourceServer.get("client_secret").asText(), accessToken);
      assertThat(introspected.status()).as(introspected.body()).isEqualTo(200);
      assertThat(introspected.json().toString()).isEqualTo("{\"active\":false}");
    }
  }

  @Test
  void rfc7009RevocationOfTheRefreshTokenEndsItsAccessTokensOnEveryInstance() {
    // RFC 7009 §2.1: revoking a refresh token SHOULD also invalidate the access tokens of the same grant
    JsonNode app = appLogin();
    JsonNode other = appLogin();
    Browser.Response revoked = onB.revoke(mobile, app.get("refresh_token").asText());
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

    assertRefusedEverywhere(app.get("access_token").asText());
    assertThat(onB.me(other.get("access_token").asText()).status()).isEqualTo(200); // another login of the same app lives
  }

  @Test
  void deletingTheAppFromTheDeviceListEndsItsAccessTokensOnEveryInstance() throws Exception {
    JsonNode app = appLogin();
    Browser browser = browserOnB();
    Browser.Response deleted = browser.deleteCsrf("/v1/sessions/" + familyOf(app));
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

    assertRefusedEverywhere(app.get("access_token").asText());
    assertThat(browser.at(d.a()).get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void revokingEveryOtherDeviceEndsTheAppsAccessTokensOnEveryInstance() {
    JsonNode app = appLogin();
    Browser browser = browserOnB();
    assertThat(browser.postCsrf("/v1/sessions/revoke-others", null).status()).isEqualTo(204);

    assertRefusedEverywhere(app.get("access_token").asText());
  }

  @Test
  void reuseDetectionEndsTheAccessTokensOfEveryPairTheFamilyWasIssued() {
    JsonNode first = appLogin();
    Browser.Response rotated = onA.refresh(mobile, first.get("refresh_token").asText());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    Browser.Response replay = onB.refresh(mobile, first.get("refresh_token").asText());
    assertThat(replay.status()).as(replay.body()).isEqualTo(400);
    assertThat(replay.error()).isEqualTo("invalid_grant");

    assertRefusedEverywhere(first.get("access_token").asText());
    assertRefusedEverywhere(rotated.json().get("access_token").asText());
  }
}
