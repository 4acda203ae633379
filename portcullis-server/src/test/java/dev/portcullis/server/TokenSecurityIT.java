package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.token.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every forged or out-of-bounds access token is refused with 401 invalid_token. */
class TokenSecurityIT {
  static final String ISSUER = "http://portcullis.test";
  static ServerHarness h;
  static OAuth oauth;
  static String mobile;
  static String good;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer(ISSUER));
    oauth = new OAuth(h);
    mobile = oauth.client("mobile").get("client_id").asText();
    String email = ServerHarness.email();
    h.register(email);
    good = oauth.password(mobile, email, ServerHarness.PASSWORD).json().get("access_token").asText();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static void refused(String token) {
    Browser.Response r = oauth.me(token);
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("invalid_token");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"portcullis\", error=\"invalid_token\"");
  }

  /** Re-signs the good token's claims, changed by {@code edit}, with the server's real key. */
  private static String resigned(UnaryOperator<JWTClaimsSet.Builder> edit, UnaryOperator<JWSHeader.Builder> header) throws Exception {
    SignedJWT original = SignedJWT.parse(good);
    SigningKeys.Signing key = h.server.registry().tokens().signingKeys().active();
    JWSHeader.Builder hb = new JWSHeader.Builder(key.algorithm().jws()).keyID(key.kid()).type(new JOSEObjectType("at+jwt"));
    SignedJWT jwt = new SignedJWT(header.apply(hb).build(),
        edit.apply(new JWTClaimsSet.Builder(original.getJWTClaimsSet())).build());
    jwt.sign(key.signer());
    return jwt.serialize();
  }

  @Test
  void theUntamperedTokenWorks() throws Exception {
    assertThat(oauth.me(good).status()).isEqualTo(200);
    assertThat(oauth.me(resigned(c -> c, hb -> hb)).status()).isEqualTo(200);
  }

  @Test
  void tamperedPayloadIsRefused() {
    String[] parts = good.split("\\.");
    String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
        .replaceFirst("\"sub\":\"u_", "\"sub\":\"u_x");
    refused(parts[0] + "." + Base64URL.encode(payload) + "." + parts[2]);
    refused(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA");
  }

  @Test
  void algNoneIsRefused() {
    String[] parts = good.split("\\.");
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
    refused(header + "." + parts[1] + ".");
    refused(header + "." + parts[1] + "." + parts[2]);
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    JsonNode jwks = h.browser().get("/.well-known/jwks.json").json();
    String kid = jwks.get("keys").get(0).get("kid").asText();
    byte[] publicKeyAsSecret = jwks.get("keys").get(0).toString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
        SignedJWT.parse(good).getJWTClaimsSet());
    jwt.sign(new MACSigner(java.util.Arrays.copyOf(publicKeyAsSecret, Math.max(32, publicKeyAsSecret.length))));
    refused(jwt.serialize());
  }

  @Test
  void wrongAudienceIssuerOrTypeAreRefused() throws Exception {
    refused(resigned(c -> c.audience("https://some-other-api.example"), hb -> hb));
    refused(resigned(c -> c.issuer("https://evil.example"), hb -> hb));
    refused(resigned(c -> c, hb -> hb.type(JOSEObjectType.JWT)));
    refused(resigned(c -> c.claim("exp", null), hb -> hb));
    refused(resigned(c -> c.claim("iat", null), hb -> hb));
  }

  @Test
  void expiredAndNotYetValidTokensAreRefused() throws Exception {
    Instant now = h.clock.instant();
    refused(resigned(c -> c.expirationTime(Date.from(now.minusSeconds(31))), hb -> hb));
    refused(resigned(c -> c.notBeforeTime(Date.from(now.plusSeconds(120))), hb -> hb));
    refused(resigned(c -> c.issueTime(Date.from(now.plusSeconds(120))), hb -> hb));
  }

  @Test
  void unknownKidAndEmbeddedKeysAreRefused() throws Exception {
    refused(resigned(c -> c, hb -> hb.keyID("no-such-kid")));
    // jku pointing elsewhere is ignored: the kid still decides, so a valid token stays valid, a forged one fails
    assertThat(oauth.me(resigned(c -> c, hb -> hb.jwkURL(java.net.URI.create("https://evil.example/jwks")))).status())
        .isEqualTo(200);
  }

  @Test
  void oversizedAndGarbageTokensAreRefused() {
    refused("a.b.c");
    refused(good + "x".repeat(9000));
    refused("eyJhbGciOiJSUzI1NiJ9." + "A".repeat(100) + ".sig");
  }

  @Test
  void keyRotationKeepsOldTokensValidAndPublishesBothKeys() throws Exception {
    // its own server: this test moves the clock far ahead
    try (ServerHarness own = new ServerHarness(b -> b.issuer(ISSUER))) {
      OAuth o = new OAuth(own);
      String client = o.client("mobile").get("client_id").asText();
      String email = ServerHarness.email();
      own.register(email);
      String old = o.password(client, email, ServerHarness.PASSWORD).json().get("access_token").asText();
      String oldKid = SignedJWT.parse(old).getHeader().getKeyID();
      Browser.Response rotated = own.admin().postJson("/v1/admin/keys/rotate", java.util.Map.of());
      assertThat(rotated.status()).isEqualTo(200);
      String newKid = rotated.json().get("kid").asText();
      assertThat(newKid).isNotEqualTo(oldKid);
      JsonNode keys = own.browser().get("/.well-known/jwks.json").json().get("keys");
      assertThat(keys.toString()).contains(oldKid).contains(newKid).doesNotContain("\"d\"");
      for (JsonNode k : keys) {
        assertThat(k.get("use").asText()).isEqualTo("sig");
        assertThat(k.get("alg").asText()).isNotBlank();
      }
      assertThat(o.me(old).status()).isEqualTo(200);
      // the new key signs from its activation instant, once JWKS caches have had time to learn it
      own.clock.set(java.time.Instant.parse(rotated.json().get("activates_at").asText()));
      String fresh = o.password(client, email, ServerHarness.PASSWORD).json().get("access_token").asText();
      assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(newKid);
      // long after every token of the old key has expired, the old key leaves the JWKS
      own.clock.advance(Duration.ofMinutes(30));
      own.server.registry().tokens().signingKeys().load();
      assertThat(own.browser().get("/.well-known/jwks.json").json().get("keys").toString())
          .doesNotContain(oldKid).contains(newKid);
    }
  }

  @Test
  void metadataDescribesTheEndpoints() {
    JsonNode m = h.browser().get("/.well-known/oauth-authorization-server").json();
    assertThat(m.get("issuer").asText()).isEqualTo(ISSUER);
    assertThat(m.get("jwks_uri").asText()).isEqualTo(ISSUER + "/.well-known/jwks.json");
    assertThat(m.get("token_endpoint").asText()).isEqualTo(ISSUER + "/v1/token");
  }
}
