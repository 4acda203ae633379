package dev.portcullis.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.sdk.TokenVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The introspection client's cache and failure rules, against a local endpoint; the real one is in PortcullisClientIT. */
class IntrospectorTest extends AgainstFakeServer {
  Introspector.Builder builder() {
    return Introspector.builder(FakeAuthorizationServer.ISSUER, "c_rs", "s3cr:t&+")
        .endpoint(as.base().resolve("/v1/token/introspect")).clock(clock);
  }

  String active(long expEpoch) {
    return "{\"active\":true,\"scope\":\"orders:read orders:write\",\"client_id\":\"c_mobile\",\"token_type\":\"Bearer\","
        + "\"exp\":" + expEpoch + ",\"iat\":" + clock.instant().getEpochSecond() + ",\"nbf\":" + clock.instant().getEpochSecond()
        + ",\"sub\":\"u_alice\",\"aud\":\"" + FakeAuthorizationServer.AUDIENCE + "\",\"iss\":\"" + FakeAuthorizationServer.ISSUER
        + "\",\"jti\":\"j1\",\"sid\":\"f_1\"}";
  }

  @Test
  void rfc6749Section231BasicCredentialsAreFormEncodedFirst() throws Exception {
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    AccessToken t = builder().build().verify("tok+en/=");
    String decoded = new String(Base64.getDecoder().decode(as.lastAuthorization.substring(6)), StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("c_rs:s3cr%3At%26%2B");
    assertThat(as.lastForm).isEqualTo("token=tok%2Ben%2F%3D&token_type_hint=access_token");
    assertThat(t.subject()).isEqualTo("u_alice");
    assertThat(t.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(t.audience()).containsExactly(FakeAuthorizationServer.AUDIENCE);
    assertThat(t.sessionId()).isEqualTo("f_1");
    assertThat(t.claims()).doesNotContainKey("active").containsEntry("jti", "j1");
  }

  @Test
  void anActiveAnswerIsCachedForTheCacheTimeAndNeverPastExp() throws Exception {
    Introspector in = builder().cacheTimes(Duration.ofSeconds(30), Duration.ofSeconds(5)).build();
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    in.verify("a");
    clock.advance(Duration.ofSeconds(29));
    in.verify("a");
    assertThat(as.introspections).hasValue(1);
    as.introspectionAnswer = "{\"active\":false}"; // revoked meanwhile
    clock.advance(Duration.ofSeconds(1));
    refused(Reason.INACTIVE, () -> in.verify("a"));
    assertThat(as.introspections).hasValue(2);

    // a token with 10 s left is cached 10 s, not 30
    as.introspectionAnswer = active(clock.instant().plusSeconds(10).getEpochSecond());
    in.verify("b");
    clock.advance(Duration.ofSeconds(9));
    in.verify("b");
    assertThat(as.introspections).hasValue(3);
    clock.advance(Duration.ofSeconds(1));
    as.introspectionAnswer = "{\"active\":false}";
    refused(Reason.INACTIVE, () -> in.verify("b"));
    assertThat(as.introspections).hasValue(4);
  }

  @Test
  void anInactiveAnswerIsCachedBrieflyAndZeroMeansAskEveryTime() throws Exception {
    Introspector in = builder().cacheTimes(Duration.ZERO, Duration.ofSeconds(5)).build();
    refused(Reason.INACTIVE, () -> in.verify("x"));
    refused(Reason.INACTIVE, () -> in.verify("x"));
    assertThat(as.introspections).hasValue(1);
    clock.advance(Duration.ofSeconds(5));
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    in.verify("x");
    in.verify("x");
    assertThat(as.introspections).hasValue(3); // active answers not cached at all with 0
    assertThat(in.cachedAnswers()).isZero();
  }

  @Test
  void anErrorOrAnUnreachableServerIsUnavailableAndNotCached() throws Exception {
    Introspector in = builder().build();
    as.introspectionStatus = 500;
    refused(Reason.UNAVAILABLE, () -> in.verify("x"));
    as.introspectionStatus = 401; // our credentials: still no verdict on the token
    as.introspectionAnswer = "{\"error\":\"invalid_client\"}";
    refused(Reason.UNAVAILABLE, () -> in.verify("x"));
    as.introspectionStatus = 200;
    as.introspectionAnswer = "not json";
    refused(Reason.UNAVAILABLE, () -> in.verify("x"));
    assertThat(as.introspections).hasValue(3);
    assertThat(in.cachedAnswers()).isZero();
    as.close();
    refused(Reason.UNAVAILABLE, () -> in.verify("x"));
  }

  /**
   * Callers presenting one token while its introspection is under way wait for that answer: the
   * endpoint holds the first request until every caller is parked, and still sees one request.
   */
  @Test
  void concurrentCallersWithOneTokenShareOneIntrospection() throws Exception {
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    CountDownLatch release = new CountDownLatch(1);
    as.introspectionGate = release;
    Introspector in = builder().build();
    int callers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    try {
      List<Future<AccessToken>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(pool.submit(() -> {
          threads.add(Thread.currentThread());
          return in.verify("same-token");
        }));
      }
      awaitState("every caller parked", () -> as.introspections.get() == 1 && threads.size() == callers
          && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
      release.countDown();
      for (Future<AccessToken> a : answers) {
        assertThat(a.get().subject()).isEqualTo("u_alice");
      }
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(as.introspections).hasValue(1);
  }

  /** A failed introspection is UNAVAILABLE to every concurrent caller, and is not remembered. */
  @Test
  void aFailedIntrospectionIsUnavailableToEveryCallerAndNotRemembered() throws Exception {
    as.introspectionStatus = 500;
    CountDownLatch release = new CountDownLatch(1);
    as.introspectionGate = release;
    Introspector in = builder().build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Reason>> outcomes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        outcomes.add(pool.submit(() -> {
          try {
            in.verify("t");
            return null;
          } catch (TokenVerificationException e) {
            return e.reason();
          }
        }));
      }
      release.countDown();
      for (Future<Reason> o : outcomes) {
        assertThat(o.get()).isEqualTo(Reason.UNAVAILABLE);
      }
    } finally {
      pool.shutdownNow();
    }
    as.introspectionGate = null;
    as.introspectionStatus = 200;
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    assertThat(in.verify("t").subject()).isEqualTo("u_alice");
  }

  @Test
  void anAnswerFromAnotherIssuerOrForAnotherAudienceIsRefused() {
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    refused(Reason.WRONG_AUDIENCE, () -> builder().audience("https://billing.test").build().verify("x"));
    refused(Reason.WRONG_ISSUER, () -> Introspector.builder("https://other.test", "c_rs", "s")
        .endpoint(as.base().resolve("/v1/token/introspect")).clock(clock).build().verify("x"));
  }
}
