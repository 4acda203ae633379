package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portcullis jwt decode|verify} on tokens made here, each wrong in one way, against a JWKS
 * file, with a fixed clock: each failure is explained in words, with the exit codes of docs/cli.md.
 */
class JwtCommandTest {
  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  static final String ISS = "https://auth.example.com";
  static RSAKey key;
  static RSAKey otherKey;
  @TempDir static Path dir;
  static Path jwks;

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k1").algorithm(JWSAlgorithm.RS256).generate();
    jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
  }

  /** A valid Portcullis-shaped access token (RFC 9068 section 2.2) issued a minute before NOW. */
  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer(ISS).subject("u_1").audience("https://api.example.com").claim("client_id", "c_1")
        .claim("tv", 1).jwtID("j_1").issueTime(Date.from(NOW.minusSeconds(60))).notBeforeTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plusSeconds(540))).claim("scope", "orders:read");
  }

  static String token(UnaryOperator<JWSHeader.Builder> header, UnaryOperator<JWTClaimsSet.Builder> claims, RSAKey signer)
      throws Exception {
    SignedJWT jwt = new SignedJWT(header.apply(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1")
        .type(new JOSEObjectType("at+jwt"))).build(), claims.apply(claims()).build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  static String good() throws Exception {
    return token(h -> h, c -> c, key);
  }

  static CliRun at(Instant now) {
    return new CliRun().clock(Clock.fixed(now, ZoneOffset.UTC));
  }

  static CliRun.Result verify(String token, String... more) {
    return verifyWith(jwks.toString(), token, more);
  }

  static CliRun.Result verifyWith(String keys, String token, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "jwt";
    args[1] = "verify";
    args[2] = token;
    args[3] = "--jwks=" + keys;
    System.arraycopy(more, 0, args, 4, more.length);
    return at(NOW).run(args);
  }

  @Test
  void aGoodTokenVerifiesAndSaysWhatWasNotChecked() throws Exception {
    CliRun.Result r = verify(good(), "--iss", ISS, "--aud", "https://api.example.com");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("VALID: signed by key k1 (RS256)").contains("expires 2030-01-01T12:09:00Z (in 9 min)")
        .contains("not checked: revocation").doesNotContain("not checked: iss").doesNotContain("NOT VALID");
  }

  @Test
  void withoutIssAndAudTheOutputSaysTheyWereNotChecked() throws Exception {
    CliRun.Result r = verify(good());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("not checked: iss (give --iss").contains("not checked: aud (give --aud");
  }

  @Test
  void anExpiredTokenSaysHowLongAgo() throws Exception {
    // RFC 7519 section 4.1.4: at or after exp (plus leeway) the token must not be accepted
    CliRun.Result r = at(NOW.plus(Duration.ofMinutes(12))).run("jwt", "verify", good(), "--jwks", jwks.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("NOT VALID: token j_1 expired 3 min ago, at 2030-01-01T12:09:00Z (allowing 30 s of clock skew)");
  }

  @Test
  void theLeewayIsHonouredAndBounded() throws Exception {
    Instant justExpired = NOW.plus(Duration.ofMinutes(9)).plusSeconds(20);
    assertThat(at(justExpired).run("jwt", "verify", good(), "--jwks", jwks.toString()).code()).isZero();
    assertThat(at(justExpired).run("jwt", "verify", good(), "--jwks", jwks.toString(), "--leeway", "10s").out())
        .contains("expired 20 s ago");
    CliRun.Result tooLarge = verify(good(), "--leeway", "5m");
    assertThat(tooLarge.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooLarge.noStackTrace().err()).contains("--leeway: at most 2m");
    assertThat(verify(good(), "--leeway", "soon").err()).contains("--leeway").contains("not a duration");
  }

  @Test
  void aTokenFromTheFutureIsBlamedOnClockSkew() throws Exception {
    // RFC 7519 section 4.1.5: not before nbf
    String t = token(h -> h, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(150))), key);
    CliRun.Result r = verify(t);
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("is not valid yet: nbf is 2030-01-01T12:02:30Z, 2 min 30 s from now")
        .contains("the issuer's clock is ahead of this one, or this one is behind");
    String issuedLater = token(h -> h, c -> c.issueTime(Date.from(NOW.plusSeconds(120))), key);
    assertThat(verify(issuedLater).out()).contains("was issued in the future: iat is 2030-01-01T12:02:00Z, 2 min from now");
  }

  @Test
  void anAudienceMismatchNamesBoth() throws Exception {
    // RFC 7519 section 4.1.3: the token must name the verifier in aud
    CliRun.Result r = verify(good(), "--aud", "https://billing.example.com");
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("is for audience [https://api.example.com], not [https://billing.example.com]");
  }

  @Test
  void anIssuerMismatchNamesBoth() throws Exception {
    assertThat(verify(good(), "--iss", "https://other.example").out())
        .contains("NOT VALID: issuer is \"https://auth.example.com\", not \"https://other.example\"");
  }

  @Test
  void anUnknownKidListsTheKidsTheJwksHas() throws Exception {
    CliRun.Result r = verify(token(h -> h.keyID("retired-key"), c -> c, key));
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("NOT VALID: unknown kid retired-key in " + jwks + ", which has only k1");
  }

  @Test
  void aSymmetricAlgorithmIsNotAllowed() throws Exception {
    // RFC 8725 section 3.1 / 2.1: the verifier pins algorithms; HS256 with a public key as secret is the classic attack
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").type(new JOSEObjectType("at+jwt")).build(),
        claims().build());
    jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    CliRun.Result r = verify(jwt.serialize());
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("NOT VALID: algorithm HS256 is not allowed (only ES256, EdDSA, RS256)");
  }

  @Test
  void anUnsignedTokenIsRefusedAsSuch() throws Exception {
    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
    String none = header + "." + Base64URL.encode(claims().build().toString()) + ".";
    CliRun.Result r = verify(none);
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("alg is none: the token is unsigned");
    assertThat(at(NOW).run("jwt", "decode", none).out()).contains("alg is none: this token is unsigned");
  }

  @Test
  void aWrongTypIsNotAnAccessToken() throws Exception {
    // RFC 9068 section 2.1 / 4: typ must be at+jwt, so an ID token cannot be replayed as an access token
    CliRun.Result r = verify(token(h -> h.type(JOSEObjectType.JWT), c -> c, key));
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("NOT VALID: typ is \"JWT\", not at+jwt");
  }

  @Test
  void aTamperedOrForeignSignatureIsRefused() throws Exception {
    CliRun.Result r = verify(token(h -> h, c -> c, otherKey));
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(r.out()).contains("bad signature for key k1: the token was altered, or signed by another key");
  }

  @Test
  void aLifetimeOverFifteenMinutesIsRefused() throws Exception {
    CliRun.Result r = verify(token(h -> h, c -> c.expirationTime(Date.from(NOW.plus(Duration.ofHours(1)))), key));
    assertThat(r.out()).contains("lifetime of 1 h 1 min (iat to exp) exceeds the maximum of 15 min");
  }

  @Test
  void aMissingClaimIsNamed() throws Exception {
    assertThat(verify(token(h -> h, c -> c.claim("client_id", null), key)).out()).contains("NOT VALID: client_id is missing");
  }

  @Test
  void theTokenIsReadFromStdinWithADash() throws Exception {
    CliRun.Result r = at(NOW).stdin(good() + "\n").run("jwt", "verify", "-", "--jwks", jwks.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("VALID");
    CliRun.Result empty = at(NOW).run("jwt", "verify", "-", "--jwks", jwks.toString());
    assertThat(empty.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(empty.noStackTrace().err()).contains("no token given");
  }

  @Test
  void jsonOutputIsForScripts() throws Exception {
    JsonNode ok = Json.MAPPER.readTree(verify(good(), "--json").out());
    assertThat(ok.get("valid").asBoolean()).isTrue();
    assertThat(ok.get("claims").get("sub").asText()).isEqualTo("u_1");
    JsonNode bad = Json.MAPPER.readTree(verify(good(), "--json", "--aud", "x").out());
    assertThat(bad.get("valid").asBoolean()).isFalse();
    assertThat(bad.get("reason").asText()).contains("audience");
  }

  @Test
  void decodeShowsClaimsWithHumanTimesUnderANotVerifiedBanner() throws Exception {
    CliRun.Result r = at(NOW).run("jwt", "decode", good());
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("NOT VERIFIED").contains("kid  k1").contains("exp        2030-01-01T12:09:00Z (in 9 min)")
        .contains("iat        2030-01-01T11:59:00Z (1 min ago)").contains("scope      orders:read");
    JsonNode json = Json.MAPPER.readTree(at(NOW).run("jwt", "decode", "--json", good()).out());
    assertThat(json.get("verified").asBoolean()).isFalse();
    assertThat(json.get("header").get("alg").asText()).isEqualTo("RS256");
  }

  @Test
  void malformedTokensAreUsageErrorsSayingWhy() {
    for (String[] c : new String[][] {{"abc", "has 1"}, {"a.b", "has 2"}, {"!!!.e30.x", "header is not base64url"},
        {Base64URL.encode("[1]") + ".e30.x", "header is not a JSON object"}, {Base64URL.encode("{}") + ".e30.x", "no alg"}}) {
      for (String cmd : new String[] {"decode", "verify"}) {
        CliRun.Result r = cmd.equals("decode") ? at(NOW).run("jwt", cmd, c[0]) : verify(c[0]);
        assertThat(r.code()).as(cmd + " " + c[0]).isEqualTo(ExitCodes.USAGE);
        assertThat(r.noStackTrace().err()).contains("malformed token").contains(c[1]);
      }
    }
  }

  @Test
  void badJwksAndFlagsAreClearUsageErrors() throws Exception {
    CliRun.Result missing = verifyWith(dir.resolve("nope.json").toString(), good());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.noStackTrace().err()).contains("--jwks: no file");
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"keys\": 3}");
    assertThat(verifyWith(garbage.toString(), good()).err()).contains("is not a JWK set");
    CliRun.Result unknown = verify(good(), "--frobnicate");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.noStackTrace().err()).contains("Unknown option: '--frobnicate'");
    CliRun.Result noJwks = at(NOW).run("jwt", "verify", good());
    assertThat(noJwks.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noJwks.err()).contains("Missing required option: '--jwks=URL|FILE'");
    assertThat(CliRun.exec("jwt").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void jwksKeysTheServerWouldRefuseAreSkippedWithTheReason() throws Exception {
    RSAKey noAlg = new RSAKeyGenerator(2048).keyID("k-noalg").generate();
    Path mixed = Files.writeString(dir.resolve("mixed.json"), new JWKSet(java.util.List.of(key.toPublicJWK(), noAlg.toPublicJWK())).toString());
    CliRun.Result r = verifyWith(mixed.toString(), good());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("JWKS key skipped: key k-noalg has no alg");
  }

  @Test
  void anUnreachableJwksUrlIsExitThree() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun.Result r = verifyWith("http://127.0.0.1:" + port + "/.well-known/jwks.json", good());
    assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.noStackTrace().err()).contains("cannot reach http://127.0.0.1:" + port + ": connection refused");
    CliRun.Result badUrl = verifyWith("https://", good());
    assertThat(badUrl.code()).isEqualTo(ExitCodes.USAGE);
  }
}
