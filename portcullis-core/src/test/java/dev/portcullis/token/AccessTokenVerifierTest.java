package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.AuthenticationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenVerifierTest {
  private final TokenFixture fx = new TokenFixture();
  private final Account alice = fx.user();
  private final Client app = fx.client(ClientType.MOBILE, "read", "write");

  private String issue() {
    return fx.issuer.issueForUser(alice, app, Set.of("read"), "f_family").token();
  }

  private JWTClaimsSet.Builder validClaims() {
    Instant now = fx.clock.instant();
    return new JWTClaimsSet.Builder().issuer(TokenFixture.ISSUER).subject(alice.id())
        .audience(TokenFixture.ISSUER).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).jwtID("j1")
        .claim("client_id", app.id()).claim("tv", 0L);
  }

  private JWSHeader.Builder validHeader() {
    SigningKeys.Signing k = fx.keys.active();
    return new JWSHeader.Builder(k.algorithm().jws()).keyID(k.kid()).type(new JOSEObjectType("at+jwt"));
  }

  private String sign(JWSHeader header, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(fx.keys.active().signer());
    return jwt.serialize();
  }

  private static void assertInvalidToken(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(AuthenticationException.class)
        .extracting(e -> ((AuthenticationException) e).code()).isEqualTo("invalid_token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "EdDSA", "RS256"})
  void issuedTokenVerifiesWithEachAlgorithmAndCarriesTheRfc9068Shape(String alg) throws Exception {
    TokenFixture f = new TokenFixture(p -> p.withAlgorithm(SigningAlgorithm.of(alg)));
    Account a = f.user();
    Client c = f.client(ClientType.MOBILE, "read");
    String token = f.issuer.issueForUser(a, c, Set.of("read"), "f_x").token();

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(f.keys.active().kid());
    assertThat(jwt.getJWTClaimsSet().getClaims()).containsKeys(
        "iss", "sub", "aud", "iat", "nbf", "exp", "jti", "client_id", "scope", "sid", "tv");
    VerifiedAccessToken v = f.verifier.verify(token);
    assertThat(v.subject()).isEqualTo(a.id());
    assertThat(v.clientId()).isEqualTo(c.id());
    assertThat(v.scopes()).containsExactly("read");
    assertThat(v.familyId()).isEqualTo("f_x");
    assertThat(Duration.between(v.issuedAt(), v.expiresAt())).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void tamperedPayloadIsRefused() throws Exception {
    String[] parts = issue().split("\\.");
    String forged = validClaims().subject("u_admin").build().toString();
    String payload = Base64URL.encode(forged.getBytes(StandardCharsets.UTF_8)).toString();
    assertInvalidToken(() -> fx.verifier.verify(parts[0] + "." + payload + "." + parts[2]));
  }

  @Test
  void tamperedSignatureIsRefused() {
    String token = issue();
    char last = token.charAt(token.length() - 5);
    String forged = token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);
    assertInvalidToken(() -> fx.verifier.verify(forged));
  }

  @Test
  void unsecuredAlgNoneIsRefused() {
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + fx.keys.active().kid() + "\"}").toString();
    String payload = Base64URL.encode(validClaims().build().toString()).toString();
    assertInvalidToken(() -> fx.verifier.verify(header + "." + payload + "."));
    assertInvalidToken(() -> fx.verifier.verify(header + "." + payload + ".c2ln"));
  }

  @Test
  void hs256SignedWithThePublishedPublicKeyIsRefused() throws Exception {
    // the classic confusion attack: the public key, known to all, used as an HMAC secret
    byte[] publicKey = fx.keyStore.list().get(0).publicJwk().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(fx.keys.active().kid())
        .type(new JOSEObjectType("at+jwt")).build(), validClaims().build());
    jwt.sign(new MACSigner(publicKey));
    assertInvalidToken(() -> fx.verifier.verify(jwt.serialize()));
  }

  @Test
  void algorithmOtherThanTheKeysOwnIsRefused() throws Exception {
    TokenFixture rsa = new TokenFixture(p -> p.withAlgorithm(SigningAlgorithm.RS256));
    String token = sign(validHeader().build(), validClaims().build());
    // an ES256 token naming a kid that the RS256 server knows is still a foreign key
    assertInvalidToken(() -> rsa.verifier.verify(token));
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    String token = sign(validHeader().build(), validClaims().audience("https://other.example").build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  /** Found by AccessTokenFuzzTest: an audience list holding null was a NullPointerException (a 500). */
  @Test
  void anAudienceListHoldingNullOrAnEmptyValueIsRefused() throws Exception {
    String withNull = sign(validHeader().build(), validClaims().audience(java.util.Arrays.asList(TokenFixture.ISSUER, null)).build());
    assertInvalidToken(() -> fx.verifier.verify(withNull));
    String withEmpty = sign(validHeader().build(), validClaims().audience(List.of(TokenFixture.ISSUER, "")).build());
    assertInvalidToken(() -> fx.verifier.verify(withEmpty));
  }

  @Test
  void audienceCanBeNarrowedPerCall() {
    String token = issue();
    assertThat(fx.verifier.verify(token, List.of(TokenFixture.ISSUER))).isNotNull();
    assertInvalidToken(() -> fx.verifier.verify(token, List.of("https://api.example")));
  }

  @Test
  void wrongIssuerIsRefused() throws Exception {
    String token = sign(validHeader().build(), validClaims().issuer("https://evil.example").build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void expiredTokenIsRefusedOnceTheLeewayHasPassedEvenWhenCached() {
    String token = issue();
    fx.verifier.verify(token);
    fx.clock.advance(Duration.ofMinutes(10).plusSeconds(29));
    assertThat(fx.verifier.verify(token)).isNotNull();
    fx.clock.advance(Duration.ofSeconds(1));
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void notYetValidTokenIsRefusedBeyondTheLeeway() throws Exception {
    Instant later = fx.clock.instant().plus(Duration.ofMinutes(2));
    String token = sign(validHeader().build(), validClaims().notBeforeTime(Date.from(later)).build());
    assertInvalidToken(() -> fx.verifier.verify(token));
    fx.clock.advance(Duration.ofSeconds(90));
    assertThat(fx.verifier.verify(token).jti()).isEqualTo("j1");
  }

  @Test
  void tokenIssuedInTheFutureIsRefused() throws Exception {
    Instant later = fx.clock.instant().plus(Duration.ofMinutes(2));
    String token = sign(validHeader().build(), validClaims().issueTime(Date.from(later)).build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void missingTimeClaimsAreRefused() throws Exception {
    for (String claim : List.of("iat", "nbf", "exp")) {
      String token = sign(validHeader().build(), validClaims().claim(claim, null).build());
      assertInvalidToken(() -> fx.verifier.verify(token));
    }
  }

  @Test
  void lifetimeLongerThanTheMaximumIsRefused() throws Exception {
    Instant exp = fx.clock.instant().plus(Duration.ofMinutes(16));
    String token = sign(validHeader().build(), validClaims().expirationTime(Date.from(exp)).build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void unknownKidIsRefused() throws Exception {
    String token = sign(validHeader().keyID("nope").build(), validClaims().build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void keyOfferedInTheHeaderIsIgnored() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("evil").generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("evil")
        .type(new JOSEObjectType("at+jwt")).jwk(attacker.toPublicJWK())
        .jwkURL(URI.create("https://evil.example/jwks")).build(), validClaims().build());
    jwt.sign(new ECDSASigner(attacker));
    assertInvalidToken(() -> fx.verifier.verify(jwt.serialize()));

    // same kid as the real key, attacker's signature: the embedded key must not be used
    SignedJWT sameKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(fx.keys.active().kid())
        .type(new JOSEObjectType("at+jwt")).jwk(attacker.toPublicJWK()).build(), validClaims().build());
    sameKid.sign(new ECDSASigner(attacker));
    assertInvalidToken(() -> fx.verifier.verify(sameKid.serialize()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "at+jwt+evil", ""})
  void wrongTypIsRefused(String typ) throws Exception {
    JWSHeader.Builder h = validHeader().type(typ.isEmpty() ? null : new JOSEObjectType(typ));
    String token = sign(h.build(), validClaims().build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void applicationAtJwtTypIsAccepted() throws Exception {
    String token = sign(validHeader().type(new JOSEObjectType("application/at+jwt")).build(), validClaims().build());
    assertThat(fx.verifier.verify(token).jti()).isEqualTo("j1");
  }

  @Test
  void oversizedTokenIsRefusedBeforeParsing() throws Exception {
    String token = sign(validHeader().build(), validClaims().claim("pad", "x".repeat(9000)).build());
    assertInvalidToken(() -> fx.verifier.verify(token));
    assertInvalidToken(() -> fx.verifier.verify("a".repeat(1_000_000)));
  }

  @Test
  void garbageAndEmptyTokensAreRefused() {
    for (String bad : new String[] {null, "", "a.b", "a.b.c", "....", "eyJhbGciOiJFUzI1NiJ9..sig"}) {
      assertInvalidToken(() -> fx.verifier.verify(bad));
    }
  }

  @Test
  void userTokenWithoutTokenVersionIsRefused() throws Exception {
    String token = sign(validHeader().build(), validClaims().claim("tv", null).build());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void staleTokenVersionIsRefusedAfterTheCacheExpiresOrIsInvalidated() {
    String token = issue();
    fx.verifier.verify(token);
    fx.accounts.bumpTokenVersion(alice.id());
    // within the cache window the old version may still be served, never longer than a second
    fx.clock.advance(Duration.ofSeconds(1));
    assertInvalidToken(() -> fx.verifier.verify(token));

    String fresh = fx.issuer.issueForUser(fx.accounts.findById(alice.id()).orElseThrow(), app, Set.of(), null).token();
    assertThat(fx.verifier.verify(fresh)).isNotNull();
    fx.accounts.bumpTokenVersion(alice.id());
    fx.versions.invalidate(alice.id());
    assertInvalidToken(() -> fx.verifier.verify(fresh));
  }

  @Test
  void tokenOfADeletedAccountIsRefused() {
    String token = issue();
    fx.accounts.delete(alice.id());
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void tokenVersionIsReadAtMostOncePerSecondPerUser() {
    String token = issue();
    fx.verifier.verify(token);
    int reads = fx.accounts.reads;
    for (int i = 0; i < 100; i++) {
      fx.verifier.verify(token);
    }
    assertThat(fx.accounts.reads).isEqualTo(reads);
  }

  @Test
  void denyListedTokenIsRefusedEvenWhenCached() {
    String token = issue();
    VerifiedAccessToken v = fx.verifier.verify(token);
    fx.denyList.deny(v.jti(), v.expiresAt().plus(fx.policy.leeway()));
    assertInvalidToken(() -> fx.verifier.verify(token));
  }

  @Test
  void clientCredentialsTokenNeedsNoTokenVersion() {
    Client svc = fx.client(ClientType.SERVICE, "jobs");
    String token = fx.issuer.issueForClient(svc, Set.of("jobs")).token();
    VerifiedAccessToken v = fx.verifier.verify(token);
    assertThat(v.subject()).isEqualTo(svc.id());
    assertThat(v.isUserToken()).isFalse();
  }
}
