package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.throttle.RequestQuota;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys over real HTTP on the embedded store: /v1/api-keys, the bearer path, the per-key rate limit. */
class ApiKeyIT {
  static final int RATE = 5;
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.apiKeyRate(new RequestQuota.Limit(RATE, Duration.ofMinutes(1))));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static JsonNode create(Browser owner, Map<String, ?> body) {
    Browser.Response r = owner.postCsrf("/v1/api-keys", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static String newKey(Browser owner) {
    return create(owner, Map.of("name", "ci", "scopes", List.of("orders:read"))).get("key").asText();
  }

  static Browser.Response me(String key) {
    return h.browser().get("/v1/me", "Authorization", "Bearer " + key);
  }

  static String userId(Browser b) {
    return b.get("/v1/me").json().get("user_id").asText();
  }

  @Test
  void createdKeyIsShownOnceAndTheListHoldsNoSecret() {
    Browser owner = h.loggedIn();
    JsonNode c = create(owner, Map.of("name", "deploy bot", "scopes", List.of("orders:write", "orders:read"),
        "expires_in_days", 30));
    String key = c.get("key").asText();
    assertThat(key).matches("pcl_ak_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}");
    assertThat(c.get("id").asText()).isEqualTo("ak_" + key.substring(7, 23));
    assertThat(c.get("prefix").asText()).startsWith("pcl_ak_").endsWith(key.substring(key.length() - 4))
        .doesNotContain(key.substring(24, 56));
    assertThat(c.get("scopes").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
    assertThat(Duration.between(h.clock.instant(), java.time.Instant.parse(c.get("expires_at").asText())))
        .isEqualTo(Duration.ofDays(30));

    Browser.Response list = owner.get("/v1/api-keys");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(key).doesNotContain(key.substring(24, 56)).doesNotContain("secret");
    JsonNode row = list.json().get(0);
    assertThat(row.get("id").asText()).isEqualTo(c.get("id").asText());
    assertThat(row.get("status").asText()).isEqualTo("active");
    assertThat(row.get("last_used_at").isNull()).isTrue();
    assertThat(me(key).status()).isEqualTo(200);
    assertThat(owner.get("/v1/api-keys").json().get(0).get("last_used_at").asText()).isEqualTo(h.clock.instant().toString());
  }

  @Test
  void aKeyAuthenticatesGetMeAsItsOwnerWithMethodApiKey() {
    Browser owner = h.loggedIn();
    Browser.Response r = me(newKey(owner));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("user_id").asText()).isEqualTo(userId(owner));
    assertThat(r.json().get("auth_method").asText()).isEqualTo("api_key");
  }

  /** The key's scope narrows its owner; the scope tokens are RFC 6749 section 3.3's. */
  @Test
  void scopesAreRfc6749TokensKeptSortedAndBadOnesAre400() {
    Browser owner = h.loggedIn();
    Browser.Response bad = owner.postCsrf("/v1/api-keys", Map.of("name", "x", "scopes", List.of("has space")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error()).isEqualTo("invalid_request");
    JsonNode none = create(owner, Map.of("name", "identity only"));
    assertThat(none.get("scopes").size()).isZero();
    assertThat(me(none.get("key").asText()).status()).isEqualTo(200);
  }

  @Test
  void badInputIsA400WithAClearMessageAndNoKey() {
    Browser owner = h.loggedIn();
    for (Map<String, ?> body : List.of(Map.of("scopes", List.of()), Map.of("name", " "), Map.of("name", "n", "expires_in_days", "soon"),
        Map.of("name", "n", "expires_in_days", 0), Map.of("name", "n", "expires_in_days", 99_999_999),
        Map.of("name", "n", "scopes", "orders:read"))) {
      Browser.Response r = owner.postCsrf("/v1/api-keys", body);
      assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
      assertThat(r.json().get("message").asText()).isNotBlank();
    }
    assertThat(owner.get("/v1/api-keys").json().size()).isZero();
    String id = create(owner, Map.of("name", "n")).get("id").asText();
    Browser.Response r = owner.postCsrf("/v1/api-keys/" + id + "/rotate", Map.of("grace_seconds", 10_000_000));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(owner.postCsrf("/v1/api-keys/" + id + "/rotate", Map.of("grace_seconds", 1.5)).status()).isEqualTo(400);
  }

  @Test
  void aRevokedKeyIs401AtTheNextRequest() {
    Browser owner = h.loggedIn();
    JsonNode c = create(owner, Map.of("name", "n"));
    String key = c.get("key").asText();
    assertThat(me(key).status()).isEqualTo(200);
    assertThat(owner.deleteCsrf("/v1/api-keys/" + c.get("id").asText()).status()).isEqualTo(204);
    Browser.Response r = me(key);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("invalid_token");
    assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(owner.get("/v1/api-keys").json().size()).isZero();
    assertThat(owner.deleteCsrf("/v1/api-keys/" + c.get("id").asText()).status()).isEqualTo(404);
  }

  @Test
  void aRotatedKeyWorksUntilItsGraceEndsAndItsSuccessorAtOnce() {
    Browser owner = h.loggedIn();
    JsonNode old = create(owner, Map.of("name", "n"));
    Browser.Response rotated = owner.postCsrf("/v1/api-keys/" + old.get("id").asText() + "/rotate",
        Map.of("grace_seconds", 3600));
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    String successor = rotated.json().get("key").asText();
    assertThat(successor).isNotEqualTo(old.get("key").asText());
    assertThat(me(successor).status()).isEqualTo(200);
    assertThat(me(old.get("key").asText()).status()).isEqualTo(200);
    JsonNode listed = owner.get("/v1/api-keys").json();
    assertThat(listed.size()).isEqualTo(2);
    JsonNode oldRow = listed.get(0).get("id").asText().equals(old.get("id").asText()) ? listed.get(0) : listed.get(1);
    assertThat(oldRow.get("status").asText()).isEqualTo("rotated");
    assertThat(oldRow.get("successor_id").asText()).isEqualTo(rotated.json().get("id").asText());
    assertThat(owner.postCsrf("/v1/api-keys/" + old.get("id").asText() + "/rotate", null).status()).isEqualTo(409);

    h.clock.advance(Duration.ofSeconds(3599));
    assertThat(me(old.get("key").asText()).status()).isEqualTo(200);
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(me(old.get("key").asText()).status()).isEqualTo(401);
    assertThat(me(successor).status()).isEqualTo(200);
  }

  @Test
  void aRotationGraceNeverOutlivesTheOldKeysOwnExpiry() {
    Browser owner = h.loggedIn();
    JsonNode old = create(owner, Map.of("name", "n", "expires_in_days", 1));
    h.clock.advance(Duration.ofHours(12));
    Browser.Response rotated = owner.postCsrf("/v1/api-keys/" + old.get("id").asText() + "/rotate",
        Map.of("grace_seconds", 30 * 24 * 3600));
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    h.clock.advance(Duration.ofHours(12));
    assertThat(me(old.get("key").asText()).status()).isEqualTo(401); // its own expiry, not the 30 days asked for
    assertThat(me(rotated.json().get("key").asText()).status()).isEqualTo(200); // a fresh day of lifetime
  }

  @Test
  void aTypoInAKeyIs401WithoutAStoreLookupAndIsAudited() {
    Browser owner = h.loggedIn();
    String key = newKey(owner);
    char last = key.charAt(30);
    String typo = key.substring(0, 30) + (last == 'a' ? 'b' : 'a') + key.substring(31);
    Browser.Response r = me(typo);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("invalid_token");
    assertThat(r.header("RateLimit")).isNull(); // refused before any quota (or store) was touched
    JsonNode audit = h.admin().get("/v1/admin/audit?type=api_key_refused&limit=1000").json();
    assertThat(audit.toString()).contains(key.substring(7, 23)).contains("wrong checksum").doesNotContain(typo);
    assertThat(me(key).status()).isEqualTo(200); // the real key is not collateral damage
  }

  /** draft-ietf-httpapi-ratelimit-headers-10 sections 2-3 on every answer to a key; RFC 6585 section 4 for the 429. */
  @Test
  void pastItsRateLimitAKeyGets429WithRetryAfterAndRateLimitHeadersThenRecovers() {
    String key = newKey(h.loggedIn());
    for (int i = 1; i <= RATE; i++) {
      Browser.Response r = me(key);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("RateLimit-Policy")).isEqualTo("\"api_key\";q=" + RATE + ";w=60");
      assertThat(r.header("RateLimit")).startsWith("\"api_key\";r=" + (RATE - i) + ";t=");
    }
    Browser.Response limited = me(key);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("rate_limited");
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 120L); // sliding window: up to the next bucket and then some
    assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"api_key\";q=" + RATE + ";w=60");
    assertThat(limited.header("RateLimit")).isEqualTo("\"api_key\";r=0;t=" + retryAfter);
    h.clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(me(key).status()).isEqualTo(200);
  }

  @Test
  void aKeyCannotManageKeysSessionsThePasswordOrAnythingAdmin() {
    Browser ownerBrowser = h.loggedIn();
    JsonNode c = create(ownerBrowser, Map.of("name", "n"));
    String auth = "Bearer " + c.get("key").asText();
    Browser api = h.browser().header("Authorization", auth);
    String owner = userId(ownerBrowser);
    List<Function<Browser, Browser.Response>> calls = List.of(
        b -> b.get("/v1/api-keys"),
        b -> b.postJson("/v1/api-keys", Map.of("name", "more")),
        b -> b.postJson("/v1/api-keys/" + c.get("id").asText() + "/rotate", Map.of()),
        b -> b.delete("/v1/api-keys/" + c.get("id").asText()),
        b -> b.get("/v1/sessions"),
        b -> b.postJson("/v1/sessions/revoke-others", Map.of()),
        b -> b.postJson("/v1/me/password", Map.of("current_password", ServerHarness.PASSWORD, "new_password", "x".repeat(20))),
        b -> b.get("/v1/admin/audit"),
        b -> b.get("/v1/admin/users/" + owner + "/api-keys"));
    for (Function<Browser, Browser.Response> call : calls) {
      h.clock.advance(Duration.ofMinutes(2)); // each call counts against the key's small quota
      Browser.Response r = call.apply(api);
      assertThat(r.status()).as(r.body()).isEqualTo(403);
      assertThat(r.error()).isEqualTo("forbidden");
      assertThat(r.header("RateLimit")).isNotNull(); // a key-authenticated answer, refused or not
    }
    assertThat(ownerBrowser.get("/v1/api-keys").json().size()).isEqualTo(1);
  }

  @Test
  void anotherUsersKeyIs404ToListRotateAndRevokeButAnAdminSeesAndRevokesIt() {
    Browser alice = h.loggedIn();
    JsonNode key = create(alice, Map.of("name", "alice's"));
    String id = key.get("id").asText();
    Browser bob = h.loggedIn();
    assertThat(bob.get("/v1/api-keys").json().size()).isZero();
    assertThat(bob.postCsrf("/v1/api-keys/" + id + "/rotate", null).status()).isEqualTo(404);
    assertThat(bob.deleteCsrf("/v1/api-keys/" + id).status()).isEqualTo(404);
    assertThat(bob.get("/v1/admin/users/" + userId(alice) + "/api-keys").status()).isEqualTo(403);
    assertThat(me(key.get("key").asText()).status()).isEqualTo(200);

    JsonNode seen = h.admin().get("/v1/admin/users/" + userId(alice) + "/api-keys").json();
    assertThat(seen.get(0).get("id").asText()).isEqualTo(id);
    assertThat(h.admin().delete("/v1/admin/api-keys/" + id).status()).isEqualTo(204);
    assertThat(me(key.get("key").asText()).status()).isEqualTo(401);
    assertThat(h.admin().delete("/v1/admin/api-keys/ak_nope").status()).isEqualTo(404);
  }

  @Test
  void creatingAKeyWithASessionNeedsTheCsrfToken() {
    Browser owner = h.loggedIn();
    Browser.Response r = owner.postJson("/v1/api-keys", Map.of("name", "n"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("csrf_failed");
  }
}
