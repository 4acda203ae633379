package dev.portcullis.token;

import dev.portcullis.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.error.AuthenticationException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 7515 Appendix A.3: somebody else's ES256 JWS must verify through our JWS-level path, so the
 * R||S signature encoding is the standard's and not merely what our own signer produces.
 */
class Rfc7515AppendixA3Test {
  private static final String JWS = "eyJhbGciOiJFUzI1NiJ9"
      + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
      + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
  private static final String PUBLIC_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
      + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
      + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";

  private static Optional<VerificationKey> rfcKey() throws Exception {
    return Optional.of(VerificationKey.of(ECKey.parse(PUBLIC_JWK), SigningAlgorithm.ES256));
  }

  @Test
  void appendixA3VerifiesWithItsPublishedKeyAndAFixedClock() throws Exception {
    Optional<VerificationKey> key = rfcKey();
    SignedJWT jwt = JwsSignatureCheck.verify(JWS, 8192, h -> key);
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("joe");
    assertThat(jwt.getJWTClaimsSet().getBooleanClaim("http://example.com/is_root")).isTrue();

    Instant exp = jwt.getJWTClaimsSet().getExpirationTime().toInstant();
    assertThat(exp).isEqualTo(Instant.ofEpochSecond(1300819380));
    TestClock clock = new TestClock();
    clock.set(Instant.ofEpochSecond(1300819000));
    assertThat(clock.instant()).isBefore(exp);
  }

  @Test
  void appendixA3WithOneBitOfPayloadChangedFails() throws Exception {
    Optional<VerificationKey> key = rfcKey();
    String tampered = JWS.replace(".eyJpc3MiOiJqb2Ui", ".eyJpc3MiOiJqb2Ii");
    assertThatThrownBy(() -> JwsSignatureCheck.verify(tampered, 8192, h -> key))
        .isInstanceOf(AuthenticationException.class)
        .hasFieldOrPropertyWithValue("code", "invalid_token");
  }

  @Test
  void appendixA3IsStillRefusedAsAnAccessToken() throws Exception {
    // a valid JWS is not yet an access token: no typ, no kid, no aud
    TokenFixture fx = new TokenFixture(p -> p.withAudiences(java.util.List.of("joe")));
    assertThatThrownBy(() -> fx.verifier.verify(JWS)).isInstanceOf(AuthenticationException.class);
  }
}
