package dev.portcullis.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portcullis.sdk.TokenVerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The verifier's JWKS cache, its verified-token cache and its claim rules, against a local JWKS. */
class TokenVerifierTest extends AgainstFakeServer {
  TokenVerifier.Builder builder() {
    return TokenVerifier.builder(FakeAuthorizationServer.ISSUER).audience(FakeAuthorizationServer.AUDIENCE)
        .jwksUri(as.jwksUri()).clock(clock);
  }

  @Test
  void theJwksIsKeptForItsMaxAgeAndFetchedAgainAfterIt() throws Exception {
    as.cacheControl = "public, max-age=120";
    TokenVerifier v = builder().cacheSize(0).build();
    v.verify(as.sign(clock.instant()));
    clock.advance(Duration.ofSeconds(119));
    v.verify(as.sign(clock.instant()));
    assertThat(as.jwksFetches).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    v.verify(as.sign(clock.instant()));
    assertThat(as.jwksFetches).hasValue(2);
  }

  /** The routine refresh of an expired JWKS holds up only the caller doing it. */
  @Test
  void whileOneCallerRefreshesAnExpiredJwksTheOthersGoOnWithIt() throws Exception {
    as.cacheControl = "max-age=60";
    TokenVerifier v = builder().cacheSize(0).build();
    v.verify(as.sign(clock.instant()));
    clock.advance(Duration.ofSeconds(60));
    CountDownLatch release = new CountDownLatch(1);
    as.jwksGate = release;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String token = as.sign(clock.instant());
      Future<AccessToken> refresher = pool.submit(() -> v.verify(token));
      awaitState("the refresher's fetch reached the JWKS endpoint", () -> as.jwksFetches.get() == 2);
      assertThat(v.verify(as.sign(clock.instant())).subject()).isEqualTo("u_alice");
      assertThat(refresher).isNotDone();
      release.countDown();
      assertThat(refresher.get().subject()).isEqualTo("u_alice");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(as.jwksFetches).hasValue(2);
  }

  @Test
  void maxAgeIsBoundedAndDefaultsWhenAbsent() {
    TokenVerifier v = builder().build(); // bounds 30 s .. 24 h, default 5 min
    JwksCache jwks = new JwksCache(as.jwksUri(), java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(1),
        clock, TokenVerifier.PORTCULLIS_ALGORITHMS,
        new JwksCache.Timing(Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofSeconds(10)));
    assertThat(jwks.maxAge("public, max-age=300")).isEqualTo(Duration.ofSeconds(300)); // what Portcullis sends
    assertThat(jwks.maxAge("max-age=1")).isEqualTo(Duration.ofSeconds(30));
    assertThat(jwks.maxAge("max-age=99999999")).isEqualTo(Duration.ofHours(24));
    assertThat(jwks.maxAge(null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(jwks.maxAge("public")).isEqualTo(Duration.ofMinutes(5));
    assertThat(jwks.maxAge("max-age=abc")).isEqualTo(Duration.ofMinutes(5));
    assertThat(jwks.maxAge("no-store")).isEqualTo(Duration.ofSeconds(30));
    assertThat(jwks.maxAge("max-age=600, no-cache")).isEqualTo(Duration.ofSeconds(30));
    assertThat(v).isNotNull();
  }

  @Test
  void aVerifiedTokenIsRememberedUntilItsExpiryAndNoLonger() throws Exception {
    TokenVerifier v = builder().build();
    String token = as.sign(clock.instant());
    AccessToken t = v.verify(token);
    assertThat(t.subject()).isEqualTo("u_alice");
    assertThat(t.scopes()).containsExactly("orders:read");
    assertThat(t.claims()).containsEntry("client_id", "c_mobile");
    assertThat(v.cachedTokens()).isEqualTo(1);
    assertThat(v.verify(token)).isSameAs(t); // from the cache: the same object
    // exp is at 10 min; with 30 s of leeway the token passes until 10:30 and not at 10:30
    clock.advance(Duration.ofMinutes(10).plusSeconds(29));
    assertThat(v.verify(token)).isSameAs(t);
    clock.advance(Duration.ofSeconds(1));
    refused(Reason.EXPIRED, () -> v.verify(token));
    assertThat(v.cachedTokens()).isZero();
  }

  @Test
  void theVerifiedTokenCacheIsBounded() throws Exception {
    TokenVerifier v = builder().cacheSize(10).build();
    for (int i = 0; i < 50; i++) {
      v.verify(as.sign(clock.instant()));
      assertThat(v.cachedTokens()).isLessThanOrEqualTo(10);
    }
    TokenVerifier none = builder().cacheSize(0).build();
    none.verify(as.sign(clock.instant()));
    assertThat(none.cachedTokens()).isZero();
  }

  @Test
  void aCachedTokenWhoseKeyLeftTheJwksIsRefusedOnceTheJwksIsFetchedAgain() throws Exception {
    as.cacheControl = "max-age=60";
    TokenVerifier v = builder().build();
    String token = as.sign(clock.instant());
    v.verify(token);
    RSAKey old = as.keys.get(0);
    as.keys.set(0, FakeAuthorizationServer.newKey()); // an emergency rotation: the old key is withdrawn
    v.verify(token); // the JWKS this verifier holds still has the key
    clock.advance(Duration.ofSeconds(60));
    refused(Reason.UNKNOWN_KID, () -> v.verify(token));
    assertThat(as.jwksFetches).hasValue(2);
    assertThat(old.getKeyID()).isNotEqualTo(as.keys.get(0).getKeyID());
  }

  @Test
  void anUnknownKidRefetchesAtMostOncePerIntervalWhateverTheFlood() throws Exception {
    TokenVerifier v = builder().refetchInterval(Duration.ofSeconds(10)).build();
    v.verify(as.sign(clock.instant()));
    assertThat(as.jwksFetches).hasValue(1);
    RSAKey stranger = FakeAuthorizationServer.newKey();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reason>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        String forged = FakeAuthorizationServer.sign(stranger, h -> h.keyID("kid-" + Math.random()),
            FakeAuthorizationServer.claims(clock.instant()).build());
        outcomes.add(pool.submit(() -> {
          go.await();
          try {
            v.verify(forged);
            return null;
          } catch (TokenVerificationException e) {
            return e.reason();
          }
        }));
      }
      go.countDown();
      for (Future<Reason> f : outcomes) {
        assertThat(f.get()).isEqualTo(Reason.UNKNOWN_KID);
      }
    } finally {
      pool.shutdownNow();
    }
    // the clock did not move: the refetch interval started with the first fetch, so none at all
    assertThat(as.jwksFetches).hasValue(1);
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      String kid = "kid-" + i;
      String forged = FakeAuthorizationServer.sign(stranger, h -> h.keyID(kid), FakeAuthorizationServer.claims(clock.instant()).build());
      refused(Reason.UNKNOWN_KID, () -> v.verify(forged));
    }
    assertThat(as.jwksFetches).hasValue(2);
  }

  @Test
  void aNewKeyIsFoundByARefetchOnceTheIntervalHasPassed() throws Exception {
    TokenVerifier v = builder().build();
    v.verify(as.sign(clock.instant()));
    as.keys.add(0, FakeAuthorizationServer.newKey());
    clock.advance(Duration.ofSeconds(10));
    assertThat(v.verify(as.sign(clock.instant())).subject()).isEqualTo("u_alice");
    assertThat(as.jwksFetches).hasValue(2);
  }

  @Test
  void withoutAnyJwksTokensAreUnavailableNotInvalidAndStaleKeysOutliveAnOutage() throws Exception {
    as.jwksStatus = 503;
    TokenVerifier v = builder().build();
    String token = as.sign(clock.instant());
    refused(Reason.UNAVAILABLE, () -> v.verify(token));
    refused(Reason.UNAVAILABLE, () -> v.verify(token)); // within the interval: no new attempt
    assertThat(as.jwksFetches).hasValue(1);
    clock.advance(Duration.ofSeconds(10));
    as.jwksStatus = 200;
    v.verify(token);
    // the JWKS expires during an outage: the keys fetched before stay in use, retried per interval
    as.jwksStatus = 500;
    clock.advance(Duration.ofMinutes(5));
    v.verify(as.sign(clock.instant()));
    v.verify(as.sign(clock.instant()));
    assertThat(as.jwksFetches).hasValue(3);
  }

  @Test
  void theClaimRulesOfThePortcullisVerifier() {
    Instant now = clock.instant();
    RSAKey key = as.keys.get(0);
    TokenVerifier v = builder().build();
    refused(Reason.LIFETIME_TOO_LONG, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h,
        FakeAuthorizationServer.claims(now).expirationTime(Date.from(now.plus(Duration.ofMinutes(16)))).build())));
    refused(Reason.MISSING_CLAIM, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h,
        FakeAuthorizationServer.claims(now).claim("tv", null).build())));
    refused(Reason.MISSING_CLAIM, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h,
        FakeAuthorizationServer.claims(now).jwtID(null).build())));
    refused(Reason.MISSING_CLAIM, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h,
        FakeAuthorizationServer.claims(now).notBeforeTime(null).build())));
    refused(Reason.WRONG_TYPE, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h.type(JOSEObjectType.JWT),
        FakeAuthorizationServer.claims(now).build())));
    refused(Reason.MALFORMED, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h.keyID(null),
        FakeAuthorizationServer.claims(now).build())));
    refused(Reason.MALFORMED, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h.criticalParams(Set.of("exp")),
        FakeAuthorizationServer.claims(now).build())));
    refused(Reason.NOT_YET_VALID, () -> v.verify(FakeAuthorizationServer.sign(key, h -> h,
        FakeAuthorizationServer.claims(now.plusSeconds(31)).build())));
    refused(Reason.TOO_LARGE, () -> v.verify("a".repeat(8193)));
    refused(Reason.MALFORMED, () -> v.verify(""));
    refused(Reason.MALFORMED, () -> v.verify("not.a.jwt"));
    // a client-credentials token has no tv: its subject is the client
    AccessToken service = verifyOrFail(v, FakeAuthorizationServer.sign(key, h -> h,
        FakeAuthorizationServer.claims(now).subject("c_svc").claim("client_id", "c_svc").claim("tv", null)
            .claim("sid", null).build()));
    assertThat(service.isUserToken()).isFalse();
    assertThat(service.sessionId()).isNull();
  }

  static AccessToken verifyOrFail(TokenVerifier v, String token) {
    try {
      return v.verify(token);
    } catch (TokenVerificationException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void theBuilderRefusesSymmetricAlgorithmsAndAMissingAudience() {
    assertThatThrownBy(() -> builder().algorithms(com.nimbusds.jose.JWSAlgorithm.HS256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asymmetric");
    assertThatThrownBy(() -> TokenVerifier.builder(FakeAuthorizationServer.ISSUER).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audience");
    assertThatThrownBy(() -> builder().leeway(Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class);
  }
}
