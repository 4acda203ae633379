package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.Race;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, item 2: every pair of operations that touch the same family, account or key, run
 * concurrently through two instances over one PostgreSQL and one Redis ({@link TwoInstances}),
 * several rounds each, with the testkit's {@link Race} releasing them together. Each test names
 * its invariant; a round that breaks it fails with the round's outcomes.
 *
 * <p>Already covered elsewhere and not repeated here: login vs password change and login vs forced
 * logout ({@link CredentialRaceTwoInstancesIT}: nothing an attacker's in-flight login got works
 * after the change returns), family revocation vs its access tokens ({@link
 * FamilyRevocationTwoInstancesIT}), racing refreshes inside the grace window ({@link
 * RefreshGraceIT}), the login and registration throttles ({@link MultiInstanceThrottleRaceIT}).
 */
@Timeout(value = 600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaceSuiteTwoInstancesIT {
  private static final int ROUNDS = 4;

  private TwoInstances two;
  private OAuth onA;
  private OAuth onB;
  private String mobile;
  private JsonNode service;
  private JsonNode resourceServer;

  @BeforeAll
  void start() throws Exception {
    two = TwoInstances.start(CredentialRace::generousLoginLimits);
    onA = new OAuth(two.a());
    onB = new OAuth(two.b());
    mobile = onA.client("mobile").get("client_id").asText();
    service = onA.client("service");
    resourceServer = onA.client("resource-server");
  }

  @AfterAll
  void stop() {
    if (two != null) {
      two.close();
    }
  }

  // --- refresh vs refresh ---------------------------------------------------------------------

  /**
   * Invariant: a family never has two live heads. Six refreshes of one token through both
   * instances (no grace window): at most one gets a pair; the others present a token that is
   * already rotated out, which is reuse (RFC 9700 section 4.14.2), so the family dies with the
   * winner's pair in it. Nothing of it survives in the store.
   */
  @Test
  void racingRefreshesOfOneTokenLeaveAtMostOneHeadAndThenNone() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      String email = register();
      JsonNode first = grant(email);
      String t0 = first.get("refresh_token").asText();
      List<Callable<Browser.Response>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        OAuth on = i % 2 == 0 ? onA : onB;
        tasks.add(() -> on.refresh(mobile, t0));
      }
      List<Browser.Response> answers = Race.run(tasks);
      List<Browser.Response> winners = answers.stream().filter(r -> r.status() == 200).toList();
      System.out.printf("refresh vs refresh, round %d: %d of 6 got a pair%n", round, winners.size());
      assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 400));
      assertThat(winners).as("heads handed out").hasSizeLessThanOrEqualTo(1);
      assertThat(familiesOf(email)).as("families left after reuse").isZero();
      for (Browser.Response w : winners) {
        assertThat(onB.refresh(mobile, w.json().get("refresh_token").asText()).status()).isEqualTo(400);
        assertRefusedOnBoth(w.json().get("access_token").asText());
      }
      assertRefusedOnBoth(first.get("access_token").asText());
    }
  }

  // --- refresh vs revoke ----------------------------------------------------------------------

  /**
   * Invariant: once an RFC 7009 revocation of a family's token returns, nothing of that family
   * works anywhere: not a refresh token a racing refresh handed out, not any access token it was
   * issued (RFC 7009 section 2.1). Three apps of one user each refresh on A while their token is
   * revoked on B.
   */
  @Test
  void aRefreshRacingTheRevocationOfItsTokenLeavesNothingThatWorks() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      String email = register();
      List<JsonNode> apps = List.of(grant(email), grant(email), grant(email));
      List<Callable<Browser.Response>> tasks = new ArrayList<>();
      for (JsonNode app : apps) {
        String t0 = app.get("refresh_token").asText();
        tasks.add(() -> onA.refresh(mobile, t0));
        tasks.add(() -> onB.revoke(mobile, t0));
      }
      List<Browser.Response> answers = Race.run(tasks);
      int refreshed = 0;
      for (int i = 0; i < apps.size(); i++) {
        Browser.Response refresh = answers.get(2 * i);
        Browser.Response revoke = answers.get(2 * i + 1);
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        assertThat(refresh.status()).as(refresh.body()).isIn(200, 400);
        assertRefusedOnBoth(apps.get(i).get("access_token").asText());
        if (refresh.status() == 200) {
          refreshed++;
          assertThat(onB.refresh(mobile, refresh.json().get("refresh_token").asText()).status()).isEqualTo(400);
          assertRefusedOnBoth(refresh.json().get("access_token").asText());
        }
      }
      System.out.printf("refresh vs revoke, round %d: %d of 3 refreshes won before the revocation%n", round, refreshed);
      assertThat(familiesOf(email)).isZero();
    }
  }

  // --- refresh vs password change -------------------------------------------------------------

  /**
   * Invariant: nothing minted before a password change works after it returns. Three apps keep
   * refreshing on A (each with the token its last refresh returned) while the owner changes the
   * password on B; whatever pair a refresh got, before or during the change, is refused on both
   * instances afterwards (the families are gone, and their access tokens carry the old token version).
   */
  @Test
  void refreshesInFlightAcrossAPasswordChangeKeepNothingThatWorks() throws Exception {
    for (int round = 1; round <= ROUNDS / 2; round++) {
      String email = register();
      Browser owner = new Browser(two.b());
      assertThat(owner.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
      List<AtomicReference<String>> latest = new ArrayList<>();
      Queue<String> accessTokens = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < 3; i++) {
        JsonNode app = grant(email);
        latest.add(new AtomicReference<>(app.get("refresh_token").asText()));
        accessTokens.add(app.get("access_token").asText());
      }
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch warm = new CountDownLatch(latest.size());
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (AtomicReference<String> token : latest) {
        tasks.add(() -> {
          int pairs = 0;
          while (!stop.get()) {
            Browser.Response r = onA.refresh(mobile, token.get());
            warm.countDown();
            if (r.status() != 200) {
              assertThat(r.status()).as(r.body()).isEqualTo(400);
              break;
            }
            pairs++;
            token.set(r.json().get("refresh_token").asText());
            accessTokens.add(r.json().get("access_token").asText());
          }
          return pairs;
        });
      }
      tasks.add(() -> {
        try {
          assertThat(warm.await(60, TimeUnit.SECONDS)).isTrue();
          Browser.Response changed = owner.postCsrf("/v1/me/password",
              Map.of("current_password", ServerHarness.PASSWORD, "new_password", CredentialRace.NEW_PASSWORD));
          assertThat(changed.status()).as(changed.body()).isEqualTo(200);
          return 0;
        } finally {
          stop.set(true);
        }
      });
      List<Integer> pairs = Race.run(tasks);
      System.out.printf("refresh vs password change, round %d: pairs per app %s%n", round, pairs.subList(0, 3));

      for (AtomicReference<String> token : latest) {
        for (OAuth on : List.of(onA, onB)) {
          Browser.Response r = on.refresh(mobile, token.get());
          assertThat(r.status()).as("a refresh token from before the change: %s", r.body()).isEqualTo(400);
        }
      }
      assertThat(familiesOf(email)).isZero();
      // no waiting: the account's change counter comes with each instance's deny-list read
      for (String access : accessTokens) {
        assertRefusedOnBoth(access);
      }
    }
  }

  // --- role change vs request -----------------------------------------------------------------

  /**
   * Invariant: once the removal of a role returns, no request that starts afterwards is served with
   * it, on either instance, whether it carries a session cookie or an access token. A user who is
   * an admin hammers an admin route through both instances while an admin takes the role away.
   */
  @Test
  void noRequestStartedAfterARoleRemovalReturnsIsServedWithTheRole() throws Exception {
    for (int round = 1; round <= ROUNDS / 2; round++) {
      String email = register();
      String userId = userId(email);
      setRoles(userId, List.of("admin"));
      Browser session = new Browser(two.a());
      assertThat(session.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
      String access = grant(email).get("access_token").asText();

      record Attempt(long startedAt, int status) {}
      Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Long> removedAt = new AtomicReference<>(Long.MAX_VALUE);
      CountDownLatch warm = new CountDownLatch(4);
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String base = i % 2 == 0 ? two.a() : two.b();
        boolean withCookie = i < 2;
        Browser tab = session.newTab().at(base);
        tasks.add(() -> {
          int after = 0;
          while (!stop.get() || after < 5) {
            long started = System.nanoTime();
            Browser.Response r = withCookie ? tab.get("/v1/admin/audit?limit=1")
                : new Browser(base).get("/v1/admin/audit?limit=1", "Authorization", "Bearer " + access);
            attempts.add(new Attempt(started, r.status()));
            warm.countDown();
            if (started > removedAt.get()) {
              after++;
            }
          }
          return null;
        });
      }
      tasks.add(() -> {
        try {
          assertThat(warm.await(60, TimeUnit.SECONDS)).isTrue();
          setRoles(userId, List.of());
          removedAt.set(System.nanoTime());
        } finally {
          stop.set(true);
        }
        return null;
      });
      Race.run(tasks);
      long removed = removedAt.get();
      List<Attempt> late = attempts.stream().filter(a -> a.startedAt() > removed).toList();
      System.out.printf("role change vs request, round %d: %d requests, %d started after the removal%n", round,
          attempts.size(), late.size());
      assertThat(attempts).as("every answer").allSatisfy(a -> assertThat(a.status()).isIn(200, 401, 403));
      assertThat(attempts).as("requests before the removal").anyMatch(a -> a.startedAt() < removed && a.status() == 200);
      assertThat(late).isNotEmpty().allSatisfy(a -> assertThat(a.status()).as("a request after the removal").isIn(401, 403));
    }
  }

  // --- signing-key rotation vs token issue ----------------------------------------------------

  /**
   * Invariant (routine rotation): every token issued while a key is rotated and while the instances
   * switch to it (the clock reaching its stored activation instant, 7 minutes on) verifies on both
   * instances, before and after they have re-read the keys; the two publish the same JWKS.
   */
  @Test
  void tokensIssuedAcrossARoutineKeyRotationAndItsSwitchVerifyOnBothInstances() throws Exception {
    for (int round = 1; round <= ROUNDS / 2; round++) {
      Queue<String> issued = new ConcurrentLinkedQueue<>();
      AtomicBoolean switched = new AtomicBoolean();
      List<Callable<Void>> tasks = issuers(issued, switched, 4, 3);
      tasks.add(() -> {
        Browser.Response rotated = Deployment.adminAt(two.b()).postJson("/v1/admin/keys/rotate", Map.of());
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        two.clock().set(java.time.Instant.parse(rotated.json().get("activates_at").asText()));
        switched.set(true);
        return null;
      });
      Race.run(tasks);
      assertThat(issued).hasSizeGreaterThanOrEqualTo(12);
      for (String token : issued) {
        assertActiveOnBoth(token, true);
      }
      two.clock().advance(Duration.ofSeconds(61)); // both instances re-read the keys
      assertThat(jwks(two.a())).isEqualTo(jwks(two.b()));
      for (String token : issued) {
        assertActiveOnBoth(token, true);
      }
      System.out.printf("key rotation vs issue, round %d: %d tokens, kids %s%n", round, issued.size(),
          issued.stream().map(RaceSuiteTwoInstancesIT::kid).distinct().toList());
    }
  }

  /**
   * Invariant (emergency rotation): once both instances have re-read the keys after an emergency
   * rotation returns, every token signed with the withdrawn key is refused and every token signed
   * with the new one works, on both; tokens issued during the rotation are one or the other.
   */
  @Test
  void afterAnEmergencyRotationOnlyTokensOfTheNewKeyWork() throws Exception {
    Queue<String> issued = new ConcurrentLinkedQueue<>();
    AtomicReference<String> newKid = new AtomicReference<>();
    AtomicBoolean rotatedFlag = new AtomicBoolean();
    String oldKid = kid(clientCredentials(onA));
    List<Callable<Void>> tasks = issuers(issued, rotatedFlag, 4, 3);
    tasks.add(() -> {
      Browser.Response rotated = Deployment.adminAt(two.a()).postJson("/v1/admin/keys/rotate?emergency=true", Map.of());
      assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
      newKid.set(rotated.json().get("kid").asText());
      rotatedFlag.set(true);
      return null;
    });
    Race.run(tasks);
    two.clock().advance(Duration.ofSeconds(61)); // B honours the withdrawal at its next re-read
    assertThat(issued).extracting(RaceSuiteTwoInstancesIT::kid).allMatch(k -> k.equals(oldKid) || k.equals(newKid.get()));
    for (String token : issued) {
      assertActiveOnBoth(token, kid(token).equals(newKid.get()));
    }
    for (OAuth on : List.of(onA, onB)) {
      String fresh = clientCredentials(on);
      assertThat(kid(fresh)).isEqualTo(newKid.get());
      assertActiveOnBoth(fresh, true);
    }
    System.out.printf("emergency rotation vs issue: %d tokens, %d with the new key%n", issued.size(),
        issued.stream().filter(t -> kid(t).equals(newKid.get())).count());
  }

  // --- API key rotate vs use ------------------------------------------------------------------

  /**
   * Invariants: a key has at most one successor (of two racing rotations through different
   * instances one wins, the other is 409); a rotation with a grace never leaves the holder without
   * a working key (every use of the old key during the race and the grace is 200, the successor
   * works at once on both); once the grace is over only the successor works.
   */
  @Test
  void racingRotationsAndUsesOfOneApiKeyLeaveOneSuccessorAndNoGap() throws Exception {
    for (int round = 1; round <= ROUNDS / 2; round++) {
      Browser owner = new Browser(two.a());
      String email = register();
      assertThat(owner.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
      Browser.Response created = owner.postCsrf("/v1/api-keys", Map.of("name", "raced"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String key = created.json().get("key").asText();
      String id = created.json().get("id").asText();

      List<Callable<Browser.Response>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String base = i % 2 == 0 ? two.a() : two.b();
        tasks.add(() -> new Browser(base).get("/v1/me", "Authorization", "Bearer " + key));
      }
      for (String base : List.of(two.a(), two.b())) {
        Browser tab = owner.newTab().at(base);
        tasks.add(() -> tab.postCsrf("/v1/api-keys/" + id + "/rotate", Map.of("grace_seconds", 60)));
      }
      List<Browser.Response> answers = Race.run(tasks);
      List<Browser.Response> uses = answers.subList(0, 6);
      List<Browser.Response> rotations = answers.subList(6, 8);
      assertThat(uses).allSatisfy(r -> assertThat(r.status()).as("a use of the old key: %s", r.body()).isEqualTo(200));
      assertThat(rotations).extracting(Browser.Response::status).containsExactlyInAnyOrder(201, 409);
      String successor = rotations.stream().filter(r -> r.status() == 201).findFirst().orElseThrow()
          .json().get("key").asText();
      for (String base : List.of(two.a(), two.b())) {
        assertThat(new Browser(base).get("/v1/me", "Authorization", "Bearer " + successor).status()).isEqualTo(200);
        assertThat(new Browser(base).get("/v1/me", "Authorization", "Bearer " + key).status()).isEqualTo(200);
      }
      assertThat(owner.get("/v1/api-keys").json()).as("the old key in its grace and its one successor").hasSize(2);
      two.clock().advance(Duration.ofSeconds(61));
      for (String base : List.of(two.a(), two.b())) {
        assertThat(new Browser(base).get("/v1/me", "Authorization", "Bearer " + key).status()).isEqualTo(401);
        assertThat(new Browser(base).get("/v1/me", "Authorization", "Bearer " + successor).status()).isEqualTo(200);
      }
      System.out.printf("API key rotate vs use, round %d: rotations %s%n", round,
          rotations.stream().map(Browser.Response::status).toList());
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private String register() {
    String email = ServerHarness.email();
    Browser.Response r = new Browser(two.b()).postJson("/v1/register",
        Map.of("email", email, "password", ServerHarness.PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return email;
  }

  private JsonNode grant(String email) {
    Browser.Response r = onA.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private String userId(String email) throws SQLException {
    return queryString("SELECT id FROM accounts WHERE email = ?", email);
  }

  private void setRoles(String userId, List<String> roles) {
    Browser.Response r = Deployment.adminAt(two.b()).putJson("/v1/admin/users/" + userId + "/roles", Map.of("roles", roles));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** Families of the user still in the store, read straight from PostgreSQL. */
  private int familiesOf(String email) throws SQLException {
    return Integer.parseInt(queryString(
        "SELECT count(*) FROM refresh_families f JOIN accounts a ON a.id = f.user_id WHERE a.email = ?", email));
  }

  private String queryString(String sql, String arg) throws SQLException {
    try (Connection c = DriverManager.getConnection(two.db.url());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(sql).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** Refused on /v1/me and inactive on introspection, through both instances. */
  private void assertRefusedOnBoth(String accessToken) {
    for (OAuth on : List.of(onA, onB)) {
      Browser.Response me = on.me(accessToken);
      assertThat(me.status()).as("an access token that must be dead: %s", me.body()).isEqualTo(401);
    }
    assertActiveOnBoth(accessToken, false);
  }

  private void assertActiveOnBoth(String accessToken, boolean active) {
    for (OAuth on : List.of(onA, onB)) {
      Browser.Response r = on.introspect(resourceServer.get("client_id").asText(),
          resourceServer.get("client_secret").asText(), accessToken);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("active").asBoolean()).as("introspection of a token with kid %s", kid(accessToken))
          .isEqualTo(active);
    }
  }

  /**
   * {@code threads} issuers, half on each instance, each getting client-credentials tokens until
   * {@code rotated} is set and then {@code after} more (at most 200 each, a bound on a stuck rotation).
   */
  private List<Callable<Void>> issuers(Queue<String> issued, AtomicBoolean rotated, int threads, int after) {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      OAuth on = i % 2 == 0 ? onA : onB;
      tasks.add(() -> {
        int left = after;
        for (int j = 0; j < 200 && left > 0; j++) {
          if (rotated.get()) {
            left--;
          }
          issued.add(clientCredentials(on));
        }
        return null;
      });
    }
    return tasks;
  }

  private String clientCredentials(OAuth on) {
    Browser.Response r = on.token("grant_type", "client_credentials", "client_id", service.get("client_id").asText(),
        "client_secret", service.get("client_secret").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  private static String jwks(String base) {
    return new Browser(base).get("/.well-known/jwks.json").json().toString();
  }

  static String kid(String jwt) {
    try {
      return com.nimbusds.jwt.SignedJWT.parse(jwt).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError("not a JWT", e);
    }
  }
}
