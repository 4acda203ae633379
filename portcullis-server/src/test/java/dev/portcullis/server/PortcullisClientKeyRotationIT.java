package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.sdk.PortcullisFilter;
import dev.portcullis.sdk.TokenVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's verifier across key rotations done through the admin API of a real Portcullis, behind
 * the filter in Jetty, with its JWKS fetches counted by a relay: a routine rotation needs no fetch
 * beyond the max-age refresh, an emergency rotation is picked up by a refetch for the unknown kid
 * and cuts off the tokens of the withdrawn key, and a flood of tokens with unknown kids costs one
 * fetch per refetch interval at most. Each test has its own server: a rotation is for good.
 */
class PortcullisClientKeyRotationIT {
  static final String ISSUER = "http://portcullis.test";
  static final String AUDIENCE = "https://orders.example";

  ServerHarness h;
  OAuth oauth;
  CountingRelay relay;
  ProtectedJettyApp app;
  String email;
  String mobile;

  @BeforeEach
  void start() throws Exception {
    h = new ServerHarness(b -> b.issuer(ISSUER));
    oauth = new OAuth(h);
    email = ServerHarness.email();
    h.register(email);
    mobile = oauth.client("mobile", "audience", AUDIENCE, "scopes", "[orders:read]").get("client_id").asText();
    relay = new CountingRelay(h.base);
    TokenVerifier verifier = TokenVerifier.builder(ISSUER).audience(AUDIENCE)
        .jwksUri(relay.uri("/.well-known/jwks.json")).refetchInterval(Duration.ofSeconds(10)).clock(h.clock).build();
    app = new ProtectedJettyApp(Map.of("/orders/*", new PortcullisFilter(verifier, "orders:read")));
  }

  @AfterEach
  void stop() {
    app.close();
    relay.close();
    h.close();
  }

  String userToken() {
    Browser.Response r = oauth.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  int status(String token) {
    return app.browser().get("/orders/1", "Authorization", "Bearer " + token).status();
  }

  static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  @Test
  void aRoutineRotationIsPickedUpByTheMaxAgeRefreshBeforeTheNewKeySigns() throws Exception {
    String before = userToken();
    assertThat(status(before)).isEqualTo(200);
    assertThat(relay.requests).hasValue(1);
    Browser.Response rotated = h.admin().postJson("/v1/admin/keys/rotate", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String newKid = rotated.json().get("kid").asText();

    assertThat(status(userToken())).isEqualTo(200); // still signed by the old key: no fetch
    assertThat(relay.requests).hasValue(1);
    h.clock.advance(Duration.ofSeconds(300)); // the JWKS's max-age
    assertThat(status(userToken())).isEqualTo(200);
    assertThat(relay.requests).hasValue(2); // the refresh: it already holds the new key

    h.clock.set(Instant.parse(rotated.json().get("activates_at").asText()));
    String fresh = userToken();
    assertThat(kid(fresh)).isEqualTo(newKid);
    assertThat(status(fresh)).isEqualTo(200);
    assertThat(status(before)).isEqualTo(200); // the old key stays published until its tokens expired
    assertThat(relay.requests).hasValue(2);
  }

  @Test
  void anEmergencyRotationIsFoundByARefetchAndCutsOffTheOldKeysTokens() throws Exception {
    String before = userToken();
    assertThat(status(before)).isEqualTo(200);
    assertThat(relay.requests).hasValue(1);
    Browser.Response rotated = h.admin().postJson("/v1/admin/keys/rotate?emergency=true", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String fresh = userToken();
    assertThat(kid(fresh)).isEqualTo(rotated.json().get("kid").asText()).isNotEqualTo(kid(before));

    // within the refetch interval of the last fetch an unknown kid is not fetched for
    assertThat(status(fresh)).isEqualTo(401);
    assertThat(relay.requests).hasValue(1);
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(status(fresh)).isEqualTo(200);
    assertThat(relay.requests).hasValue(2);
    // the old key left the JWKS: its token is refused although this verifier had cached it
    assertThat(status(before)).isEqualTo(401);
    assertThat(relay.requests).hasValue(2);
  }

  @Test
  void aFloodOfUnknownKidsCostsOneFetchPerIntervalAtMost() throws Exception {
    assertThat(status(userToken())).isEqualTo(200);
    assertThat(relay.requests).hasValue(1);
    h.clock.advance(Duration.ofSeconds(10)); // the interval since that fetch has passed
    RSAKey attacker = new RSAKeyGenerator(2048).generate();
    SignedJWT genuine = SignedJWT.parse(userToken());
    List<String> forged = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("kid-" + UUID.randomUUID())
          .type(new JOSEObjectType("at+jwt")).build(), genuine.getJWTClaimsSet());
      jwt.sign(new RSASSASigner(attacker));
      forged.add(jwt.serialize());
    }
    for (int round = 0; round < 2; round++) {
      int fetchesBefore = relay.requests.get();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<Integer>> statuses = new ArrayList<>();
        for (String token : forged) {
          statuses.add(pool.submit(() -> {
            go.await();
            return status(token);
          }));
        }
        go.countDown();
        for (Future<Integer> s : statuses) {
          assertThat(s.get()).isEqualTo(401);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(relay.requests.get() - fetchesBefore).as("round " + round).isEqualTo(1);
      h.clock.advance(Duration.ofSeconds(10));
    }
  }
}
