package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.throttle.RequestQuota;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys on two instances over one PostgreSQL and one Redis: one key, one revocation, one quota. */
class ApiKeyTwoInstancesIT {
  static final int RATE = 4;
  static TwoInstances two;

  @BeforeAll
  static void start() throws Exception {
    two = TwoInstances.start(b -> b.apiKeyRate(new RequestQuota.Limit(RATE, Duration.ofMinutes(1))));
  }

  @AfterAll
  static void stop() {
    two.close();
  }

  static Browser ownerOnA() {
    String email = ServerHarness.email();
    Browser b = new Browser(two.a());
    assertThat(b.postJson("/v1/register", Map.of("email", email, "password", ServerHarness.PASSWORD)).status()).isEqualTo(201);
    assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
    return b;
  }

  static JsonNode createOn(Browser owner) {
    Browser.Response r = owner.postCsrf("/v1/api-keys", Map.of("name", "two"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static Browser.Response me(String base, String key) {
    return new Browser(base).get("/v1/me", "Authorization", "Bearer " + key);
  }

  @Test
  void aKeyCreatedOnAWorksOnBAndItsRevocationOnBIsFeltOnAAtOnce() {
    Browser owner = ownerOnA();
    JsonNode c = createOn(owner);
    String key = c.get("key").asText();
    assertThat(me(two.b(), key).status()).isEqualTo(200);
    for (int i = 0; i < 3; i++) { // A has accepted it, and keeps the key in memory checked against its change counter
      assertThat(me(two.a(), key).status()).isEqualTo(200);
    }
    assertThat(owner.at(two.b()).deleteCsrf("/v1/api-keys/" + c.get("id").asText()).status()).isEqualTo(204);
    Browser.Response r = me(two.a(), key);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("invalid_token");
  }

  @Test
  void aRotationOnBHandsASuccessorThatWorksOnA() {
    Browser owner = ownerOnA();
    JsonNode c = createOn(owner);
    for (int i = 0; i < 3; i++) { // A keeps the key in memory: the rotation on B must still reach it
      assertThat(me(two.a(), c.get("key").asText()).status()).isEqualTo(200);
    }
    Browser.Response rotated = owner.at(two.b()).postCsrf("/v1/api-keys/" + c.get("id").asText() + "/rotate",
        Map.of("grace_seconds", 0));
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    assertThat(me(two.a(), rotated.json().get("key").asText()).status()).isEqualTo(200);
    assertThat(me(two.a(), c.get("key").asText()).status()).isEqualTo(401); // no grace asked: retired at once
  }

  /** The quota lives in Redis: requests through A and B count together (draft-ietf-httpapi-ratelimit-headers-10). */
  @Test
  void theRateLimitCountsAcrossBothInstances() {
    String key = createOn(ownerOnA()).get("key").asText();
    for (int i = 1; i <= RATE; i++) {
      Browser.Response r = me(i % 2 == 0 ? two.a() : two.b(), key);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("RateLimit")).startsWith("\"api_key\";r=" + (RATE - i) + ";");
    }
    for (String base : new String[] {two.a(), two.b()}) {
      Browser.Response r = me(base, key);
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.header("Retry-After")).isNotNull();
      assertThat(r.header("RateLimit")).startsWith("\"api_key\";r=0;");
    }
  }
}
