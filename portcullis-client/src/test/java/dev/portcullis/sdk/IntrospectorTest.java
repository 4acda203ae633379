package dev.portcullis.sdk;

import static dev.portcullis.sdk.TokenVerifierTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.sdk.TokenVerificationException.Reason;
import dev.portcullis.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The introspection client's cache and failure rules, against a local endpoint; the real one is in PortcullisClientIT. */
class IntrospectorTest {
  FakeAuthorizationServer as;
  MutableClock clock;

  @BeforeEach
  void start() throws Exception {
    as = new FakeAuthorizationServer();
    clock = new MutableClock();
  }

  @AfterEach
  void stop() {
    as.close();
  }

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

  @Test
  void anAnswerFromAnotherIssuerOrForAnotherAudienceIsRefused() {
    as.introspectionAnswer = active(clock.instant().plusSeconds(600).getEpochSecond());
    refused(Reason.WRONG_AUDIENCE, () -> builder().audience("https://billing.test").build().verify("x"));
    refused(Reason.WRONG_ISSUER, () -> Introspector.builder("https://other.test", "c_rs", "s")
        .endpoint(as.base().resolve("/v1/token/introspect")).clock(clock).build().verify("x"));
  }
}
