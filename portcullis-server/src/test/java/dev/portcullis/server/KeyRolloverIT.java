package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rollover over HTTP (issue 7, item 11): what a resource server caching the JWKS for its
 * max-age sees around {@code POST /v1/admin/keys/rotate}, routine and emergency.
 */
class KeyRolloverIT {
  ServerHarness h;
  OAuth oauth;
  String client;
  String email;

  @BeforeEach
  void start() {
    h = new ServerHarness(b -> b.issuer("http://portcullis.test"));
    oauth = new OAuth(h);
    client = oauth.client("mobile").get("client_id").asText();
    email = ServerHarness.email();
    h.register(email);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private String token() {
    Browser.Response r = oauth.password(client, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static boolean verifiesWith(JWKSet cached, String jwt) throws Exception {
    SignedJWT parsed = SignedJWT.parse(jwt);
    JWK key = cached.getKeyByKeyId(parsed.getHeader().getKeyID());
    return key instanceof RSAKey rsa && parsed.verify(new RSASSAVerifier(rsa));
  }

  private JWKSet jwks() throws Exception {
    return JWKSet.parse(h.browser().get("/.well-known/jwks.json").body());
  }

  private static long maxAge(Browser.Response jwks) {
    String cacheControl = jwks.header("Cache-Control");
    assertThat(cacheControl).startsWith("public, max-age=");
    return Long.parseLong(cacheControl.substring("public, max-age=".length()));
  }

  @Test
  void aRotatedKeyIsPublishedLongerThanTheJwksMaxAgeBeforeItSigns() throws Exception {
    long maxAge = maxAge(h.browser().get("/.well-known/jwks.json"));
    JWKSet cachedBefore = jwks();
    String oldKid = kid(token());
    Instant rotatedAt = h.clock.instant();
    Browser.Response rotated = h.admin().postJson("/v1/admin/keys/rotate", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String newKid = rotated.json().get("kid").asText();
    // a cache filled just before the rotation verifies the next token
    assertThat(verifiesWith(cachedBefore, token())).isTrue();
    Instant activatesAt = Instant.parse(rotated.json().get("activates_at").asText());
    assertThat(rotated.json().get("emergency").asBoolean()).isFalse();
    assertThat(Duration.between(rotatedAt, activatesAt)).isGreaterThan(Duration.ofSeconds(maxAge));

    JWKSet fetchedAfter = jwks();
    assertThat(fetchedAfter.getKeyByKeyId(oldKid)).isNotNull();
    assertThat(fetchedAfter.getKeyByKeyId(newKid)).isNotNull();
    // and is still good for every token until it expires
    h.clock.advance(Duration.ofSeconds(maxAge));
    String stillOld = token();
    assertThat(kid(stillOld)).isEqualTo(oldKid);
    assertThat(verifiesWith(cachedBefore, stillOld)).isTrue();
    // and a cache filled right after it already holds the key that signs from the activation on
    h.clock.set(activatesAt);
    String fresh = token();
    assertThat(kid(fresh)).isEqualTo(newKid);
    assertThat(verifiesWith(fetchedAfter, fresh)).isTrue();
    assertThat(oauth.me(stillOld).status()).isEqualTo(200);
    assertThat(oauth.me(fresh).status()).isEqualTo(200);
  }

  @Test
  void anEmergencyRotationSignsAtOnceAndRefusesEveryEarlierToken() throws Exception {
    String before = token();
    Browser.Response rotated = h.admin().postJson("/v1/admin/keys/rotate?emergency=true", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String newKid = rotated.json().get("kid").asText();
    assertThat(Instant.parse(rotated.json().get("activates_at").asText())).isEqualTo(h.clock.instant());
    assertThat(rotated.json().get("emergency").asBoolean()).isTrue();

    assertThat(oauth.me(before).status()).isEqualTo(401);
    assertThat(jwks().getKeys()).extracting(JWK::getKeyID).containsExactly(newKid);
    String after = token();
    assertThat(kid(after)).isEqualTo(newKid);
    assertThat(oauth.me(after).status()).isEqualTo(200);
  }

  @Test
  void anEmergencyFlagThatIsNotABooleanIsRefused() {
    Browser.Response r = h.admin().postJson("/v1/admin/keys/rotate?emergency=yes", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("invalid_request");
  }
}
