package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.error.AuthenticationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The store-free rules shared by the server's verifier and {@code portcullis jwt verify}, and their words. */
class AccessTokenRulesTest {
  static final Instant T = Instant.parse("2030-01-01T12:00:00Z");
  static final String ISS = "https://auth.example.com";

  static SignedJWT jwt(UnaryOperator<JWSHeader.Builder> header, UnaryOperator<JWTClaimsSet.Builder> claims) throws Exception {
    JWSHeader h = header.apply(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").type(new JOSEObjectType("at+jwt"))).build();
    JWTClaimsSet c = claims.apply(new JWTClaimsSet.Builder().issuer(ISS).subject("u_1").audience("https://api.example.com")
        .claim("client_id", "c_1").claim("tv", 3).jwtID("j_1").issueTime(Date.from(T)).notBeforeTime(Date.from(T))
        .expirationTime(Date.from(T.plusSeconds(600)))).build();
    // the rules never look at the signature: that is JwsSignatureCheck's part
    return new SignedJWT(h.toBase64URL(), c.toPayload().toBase64URL(), Base64URL.encode("sig"));
  }

  static String refusal(Runnable check) {
    try {
      check.run();
    } catch (AuthenticationException e) {
      assertThat(e.code()).isEqualTo("invalid_token");
      return e.logDetail();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aWellFormedTokenYieldsItsClaims() throws Exception {
    VerifiedAccessToken t = AccessTokenRules.fixedClaims(jwt(h -> h, c -> c), Optional.of(ISS));
    assertThat(t.subject()).isEqualTo("u_1");
    assertThat(t.tokenVersion()).isEqualTo(3L);
    assertThat(t.expiresAt()).isEqualTo(T.plusSeconds(600));
  }

  @Test
  void typMustBeAtJwt() throws Exception {
    // RFC 9068 section 2.1 (and 4): "at+jwt", or "application/at+jwt"
    assertThat(AccessTokenRules.fixedClaims(jwt(h -> h.type(new JOSEObjectType("application/at+jwt")), c -> c), Optional.of(ISS))).isNotNull();
    assertThat(refusal(() -> fixed(h -> h.type(JOSEObjectType.JWT), c -> c))).startsWith("typ is \"JWT\", not at+jwt");
    assertThat(refusal(() -> fixed(h -> h.type(null), c -> c))).startsWith("typ is missing, not at+jwt");
  }

  @Test
  void theIssuerIsCheckedOnlyWhenGiven() throws Exception {
    assertThat(refusal(() -> fixed(h -> h, c -> c.issuer("https://evil.example")))).isEqualTo(
        "issuer is \"https://evil.example\", not \"https://auth.example.com\"");
    assertThat(AccessTokenRules.fixedClaims(jwt(h -> h, c -> c.issuer("https://other.example")), Optional.empty())).isNotNull();
  }

  @Test
  void requiredClaimsAndLifetime() {
    assertThat(refusal(() -> fixed(h -> h, c -> c.expirationTime(null)))).isEqualTo("exp is missing");
    assertThat(refusal(() -> fixed(h -> h, c -> c.audience(List.of())))).isEqualTo("aud is missing");
    assertThat(refusal(() -> fixed(h -> h, c -> c.claim("tv", null)))).startsWith("user token without tv");
    assertThat(refusal(() -> fixed(h -> h, c -> c.claim("tv", "three")))).startsWith("malformed claims");
    assertThat(refusal(() -> fixed(h -> h, c -> c.expirationTime(Date.from(T.plus(Duration.ofMinutes(16)))))))
        .isEqualTo("lifetime of 16 min (iat to exp) exceeds the maximum of 15 min");
  }

  @Test
  void timeFailuresSayHowFarOffAndBlameTheClockWhenEarly() throws Exception {
    VerifiedAccessToken t = AccessTokenRules.fixedClaims(jwt(h -> h, c -> c), Optional.of(ISS));
    Duration leeway = Duration.ofSeconds(30);
    // RFC 7519 section 4.1.4: exp is exclusive, with leeway
    AccessTokenRules.checkTime(t, T.plusSeconds(629), leeway);
    assertThat(refusal(() -> AccessTokenRules.checkTime(t, T.plusSeconds(630), leeway))).startsWith("token j_1 expired 30 s ago");
    assertThat(refusal(() -> AccessTokenRules.checkTime(t, T.plusSeconds(600 + 3 * 60), leeway)))
        .isEqualTo("token j_1 expired 3 min ago, at 2030-01-01T12:10:00Z (allowing 30 s of clock skew)");
    // RFC 7519 section 4.1.5: nbf, with leeway
    AccessTokenRules.checkTime(t, T.minusSeconds(30), leeway);
    assertThat(refusal(() -> AccessTokenRules.checkTime(t, T.minusSeconds(31), leeway)))
        .contains("is not valid yet: nbf is 2030-01-01T12:00:00Z, 31 s from now").contains("clock is ahead");
  }

  @Test
  void theAudienceMustNameOneAccepted() throws Exception {
    VerifiedAccessToken t = AccessTokenRules.fixedClaims(jwt(h -> h, c -> c), Optional.of(ISS));
    AccessTokenRules.checkAudience(t, List.of("x", "https://api.example.com"));
    assertThat(refusal(() -> AccessTokenRules.checkAudience(t, List.of("x"))))
        .isEqualTo("token j_1 is for audience [https://api.example.com], not [x]");
  }

  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(AccessTokenRules.human(Duration.ofSeconds(0))).isEqualTo("0 s");
    assertThat(AccessTokenRules.human(Duration.ofSeconds(-185))).isEqualTo("3 min 5 s");
    assertThat(AccessTokenRules.human(Duration.ofHours(2).plusMinutes(5).plusSeconds(9))).isEqualTo("2 h 5 min");
    assertThat(AccessTokenRules.human(Duration.ofDays(3).plusHours(4))).isEqualTo("3 d 4 h");
    assertThat(AccessTokenRules.human(Duration.ofDays(1))).isEqualTo("1 d");
  }

  private static void fixed(UnaryOperator<JWSHeader.Builder> h, UnaryOperator<JWTClaimsSet.Builder> c) {
    try {
      AccessTokenRules.fixedClaims(jwt(h, c), Optional.of(ISS));
    } catch (AuthenticationException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
