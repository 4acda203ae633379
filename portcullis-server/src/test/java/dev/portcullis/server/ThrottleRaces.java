package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Bursts of parallel attempts against the login, password-grant and registration limits (issue 7,
 * item 1): an attempt is counted before its password is hashed, so however many arrive at once, at
 * most the limit are evaluated. Run on the embedded store ({@link ThrottleRaceIT}) and on two
 * instances sharing PostgreSQL and Redis ({@link MultiInstanceThrottleRaceIT}), requests spread
 * across the instances. The clock stands still, so every attempt falls in one window.
 */
abstract class ThrottleRaces {
  static final int PER_ACCOUNT = 5;
  static final int PER_IP = 8;
  static final int REGISTER_PER_IP = 10;
  static final int BURST = 30;

  /** The limits every server of these tests runs with; forwarded addresses name the client. */
  static ServerConfig.Builder limits(ServerConfig.Builder b) {
    return b.trustProxy(true).loginLimits(PER_ACCOUNT, PER_IP, Duration.ofMinutes(15)).registerLimitPerIp(REGISTER_PER_IP);
  }

  /** The instances to spread requests over (one or more), all sharing one store. */
  abstract List<String> instances();

  abstract MutableClock clock();

  private String instance(int i) {
    return instances().get(i % instances().size());
  }

  /** A client address of its own, so tests do not share an IP's counter. */
  private static String freshIp() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  private Browser.Response register(int i, String email, String ip) {
    return new Browser(instance(i)).postJson("/v1/register",
        Map.of("email", email, "password", ServerHarness.PASSWORD), "X-Forwarded-For", ip);
  }

  private String registered() {
    return registeredUser().email();
  }

  private record User(String id, String email) {}

  private User registeredUser() {
    String email = ServerHarness.email();
    Browser.Response r = register(0, email, freshIp());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new User(r.json().get("user_id").asText(), email);
  }

  /** How many audit events of {@code type} the server recorded for the user: what it evaluated. */
  private long audited(User user, String type) {
    Browser.Response r = Deployment.adminAt(instance(0)).get("/v1/admin/audit?user_id=" + user.id() + "&type=" + type);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().size();
  }

  private Browser.Response login(int i, String email, String password, String ip) {
    return new Browser(instance(i)).postJson("/v1/session/login", Map.of("email", email, "password", password),
        "X-Forwarded-For", ip);
  }

  private Browser.Response passwordGrant(int i, String clientId, String email, String password, String ip) {
    return new Browser(instance(i)).postRaw("/v1/token", OAuth.form("grant_type", "password", "username", email,
        "password", password, "client_id", clientId), "application/x-www-form-urlencoded", "X-Forwarded-For", ip);
  }

  /** Sends {@link #BURST} requests at once, request {@code i} made by {@code request}. */
  private static List<Browser.Response> burst(IntFunction<Browser.Response> request) throws Exception {
    List<Callable<Browser.Response>> tasks = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      int n = i;
      tasks.add(() -> request.apply(n));
    }
    return Race.run(tasks);
  }

  private static long count(List<Browser.Response> answers, int status) {
    return answers.stream().filter(r -> r.status() == status).count();
  }

  /** Every refusal is a 429 {@code rate_limited} with a Retry-After a client can use (RFC 6585 §4). */
  private static void assertRefusalsAreRateLimited(List<Browser.Response> answers) {
    for (Browser.Response r : answers) {
      if (r.status() == 429) {
        assertThat(r.body()).contains("rate_limited");
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
      }
    }
  }

  @Test
  void loginBurstForOneAccountThenAtMostTheAccountLimitIsEvaluated() throws Exception {
    String email = registered();
    // each from its own address, so that only the account's limit binds
    List<Browser.Response> answers = burst(i -> login(i, email, "wrong password " + i, freshIp()));
    assertThat(answers).extracting(Browser.Response::status).isSubsetOf(401, 429);
    assertThat(count(answers, 401)).isEqualTo(PER_ACCOUNT);
    assertRefusalsAreRateLimited(answers);
    assertThat(login(0, email, ServerHarness.PASSWORD, freshIp()).status()).isEqualTo(429);
  }

  @Test
  void rightPasswordHiddenInALoginBurstIsEvaluatedOnlyWithinTheLimit() throws Exception {
    User user = registeredUser();
    String email = user.email();
    int right = BURST / 2;
    List<Browser.Response> answers = burst(i -> login(i, email,
        i == right ? ServerHarness.PASSWORD : "wrong password " + i, freshIp()));
    assertThat(answers).extracting(Browser.Response::status).isSubsetOf(200, 401, 429);
    assertRefusalsAreRateLimited(answers);
    long evaluated = BURST - count(answers, 429);
    // what the answers say is what the server did: one audit event per evaluated attempt
    assertThat(audited(user, "login_failed")).isEqualTo(count(answers, 401));
    assertThat(audited(user, "login_succeeded")).isEqualTo(count(answers, 200));
    if (answers.get(right).status() == 429) {
      // refused before its hash: the wrong ones took every place
      assertThat(evaluated).isEqualTo(PER_ACCOUNT);
      assertThat(count(answers, 200)).isZero();
    } else {
      // it got one of the places; its success clears the account's counter, so attempts that
      // arrived after it may take the places again: at most the limit before it, the limit after
      assertThat(answers.get(right).status()).isEqualTo(200);
      assertThat(evaluated).isLessThanOrEqualTo(2L * PER_ACCOUNT);
    }
  }

  @Test
  void passwordGrantBurstForOneAccountThenAtMostTheAccountLimitIsEvaluated() throws Exception {
    String email = registered();
    Browser.Response client = Deployment.adminAt(instance(0)).postJson("/v1/admin/clients",
        Map.of("type", "mobile", "name", "app", "grant_types", List.of("password", "refresh_token")));
    assertThat(client.status()).as(client.body()).isEqualTo(201);
    String clientId = client.json().get("client_id").asText();

    List<Browser.Response> answers = burst(i -> passwordGrant(i, clientId, email, "wrong password " + i, freshIp()));
    assertThat(answers).extracting(Browser.Response::status).isSubsetOf(400, 429);
    // RFC 6749 §5.2: a wrong password is invalid_grant
    assertThat(answers).filteredOn(r -> r.status() == 400).hasSize(PER_ACCOUNT)
        .allSatisfy(r -> assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant"));
    assertRefusalsAreRateLimited(answers);
    assertThat(passwordGrant(0, clientId, email, ServerHarness.PASSWORD, freshIp()).status()).isEqualTo(429);
  }

  @Test
  void loginBurstFromOneIpThenAtMostTheIpLimitIsEvaluated() throws Exception {
    String ip = freshIp();
    // a spray: a different account for each attempt, all from one address
    List<Browser.Response> answers = burst(i -> login(i, ServerHarness.email(), "wrong password", ip));
    assertThat(answers).extracting(Browser.Response::status).isSubsetOf(401, 429);
    assertThat(count(answers, 401)).isEqualTo(PER_IP);
    assertRefusalsAreRateLimited(answers);
    String email = registered();
    assertThat(login(0, email, ServerHarness.PASSWORD, ip).status()).isEqualTo(429);
    assertThat(login(1, email, ServerHarness.PASSWORD, freshIp()).status()).isEqualTo(200);
  }

  @Test
  void registrationBurstFromOneIpThenAtMostTheRegistrationLimitIsLetIn() throws Exception {
    String ip = freshIp();
    List<Browser.Response> answers = burst(i -> register(i, ServerHarness.email(), ip));
    assertThat(answers).extracting(Browser.Response::status).isSubsetOf(201, 429);
    assertThat(count(answers, 201)).isEqualTo(REGISTER_PER_IP);
    assertRefusalsAreRateLimited(answers);
    // another address is not affected, and this one is let in again after its Retry-After
    assertThat(register(1, ServerHarness.email(), freshIp()).status()).isEqualTo(201);
    Browser.Response refused = register(0, ServerHarness.email(), ip);
    assertThat(refused.status()).isEqualTo(429);
    clock().advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));
    assertThat(register(1, ServerHarness.email(), ip).status()).isEqualTo(201);
  }
}
