package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.server.Browser;
import dev.portcullis.server.ServerHarness;
import dev.portcullis.server.http.Json;
import dev.portcullis.testkit.RedisProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code portcullis doctor} against a real Portcullis (no FAIL, exit 0) and against a local server
 * misconfigured on purpose (every failure found, explained, with a fix, exit 1).
 */
class DoctorIT {
  static ServerHarness portcullis;
  static String email;
  static String userId;
  static String mobileClient;
  static HttpServer broken;
  static String brokenBase;
  static final AtomicInteger brokenLogouts = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    int port = RedisProcess.freePort();
    String issuer = "http://127.0.0.1:" + port;
    // a production-like server (no --dev): __Host- cookie, Secure; issuer = the URL doctor is given
    portcullis = new ServerHarness(b -> b.port(port).dev(false).issuer(issuer));
    email = ServerHarness.email();
    userId = portcullis.register(email);
    Browser.Response c = portcullis.admin().postJson("/v1/admin/clients", Map.of("type", "mobile", "name", "doctor app",
        "grant_types", java.util.List.of("password", "refresh_token"))); // doctor asks for a token the legacy way
    mobileClient = c.json().get("client_id").asText();
    broken = misconfigured();
  }

  @AfterAll
  static void stop() {
    if (portcullis != null) {
      portcullis.close();
    }
    if (broken != null) {
      broken.stop(0);
    }
  }

  static CliRun.Result doctor(Clock clock, String base, String... more) {
    List<String> args = new ArrayList<>(List.of("doctor", base, "--email", email == null ? "x@example.com" : email,
        "--client-id", mobileClient == null ? "c" : mobileClient));
    args.addAll(List.of(more));
    return new CliRun().clock(clock).env("PORTCULLIS_DOCTOR_PASSWORD", ServerHarness.PASSWORD).run(args.toArray(String[]::new));
  }

  static Map<String, JsonNode> findings(CliRun.Result r) throws Exception {
    JsonNode doc = Json.MAPPER.readTree(r.out());
    Map<String, JsonNode> byCheck = new java.util.LinkedHashMap<>();
    doc.get("findings").forEach(f -> byCheck.put(f.get("check").asText(), f));
    return byCheck;
  }

  @Test
  void aRealPortcullisPassesEveryCheckThatCanPassOverLoopbackHttp() throws Exception {
    CliRun.Result r = doctor(Clock.systemUTC(), portcullis.base, "--json");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    Map<String, JsonNode> f = findings(r);
    f.forEach((check, finding) -> {
      String expected = check.equals("HTTPS") || check.equals("HSTS") ? "WARN" : "PASS"; // loopback HTTP in the test
      assertThat(finding.get("status").asText()).as(check + ": " + finding).isEqualTo(expected);
    });
    assertThat(f.keySet()).contains("clock", "RFC 8414 metadata", "JWKS", "WWW-Authenticate on 401", "CORS",
        "cookie __Host-portcullis: __Host- prefix", "cookie __Host-portcullis: Secure", "cookie __Host-portcullis: HttpOnly",
        "cookie __Host-portcullis: SameSite", "cookie __Host-portcullis: no Domain", "cookie __Host-portcullis: Path=/",
        "cookie __Host-portcullis: size", "cookie __Host-portcullis: entropy", "access-token lifetime", "token vs JWKS and metadata");
    assertThat(f.get("access-token lifetime").get("reason").asText()).startsWith("10 min");
  }

  @Test
  void doctorLeavesNoSessionOrAppLoginBehind() {
    assertThat(doctor(Clock.systemUTC(), portcullis.base).code()).isZero();
    Browser.Response sessions = portcullis.admin().get("/v1/admin/users/" + userId + "/sessions");
    assertThat(sessions.status()).isEqualTo(200);
    assertThat(sessions.json()).as("logged out of the session, refresh family revoked").isEmpty();
    assertThat(portcullis.admin().get("/v1/admin/audit?user_id=" + userId + "&type=logout").json()).isNotEmpty();
  }

  @Test
  void theHumanTableShowsStatusReasonAndFix() {
    CliRun.Result r = doctor(Clock.systemUTC(), portcullis.base);
    assertThat(r.out()).contains("WARN  HTTPS").contains("fix: in production put a TLS proxy in front").contains("PASS  JWKS")
        .contains("0 FAIL, 2 WARN").doesNotContain(ServerHarness.PASSWORD);
  }

  @Test
  void aMisconfiguredServerFailsEachCheckWithAReasonAndAFix() throws Exception {
    // the broken server's clock looks 10 minutes slow to a doctor whose clock is 10 minutes ahead
    CliRun.Result r = doctor(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), brokenBase, "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.PROBLEM);
    Map<String, JsonNode> f = findings(r);
    expectFail(f, "clock", "behind this machine: beyond the 30 s leeway");
    // the Date header has a resolution of one second
    assertThat(f.get("clock").get("reason").asText()).containsPattern("^server clock (9 min 59 s|10 min|10 min 1 s) behind");
    expectFail(f, "RFC 8414 metadata", "issuer https://elsewhere.example is not the URL it is served from");
    expectFail(f, "RFC 8414 metadata", "no response_types_supported");
    expectFail(f, "RFC 8414 metadata", "token_endpoint http://other.example/token is not https");
    expectFail(f, "RFC 8414 metadata", "is on another origin");
    expectFail(f, "RFC 8414 metadata", "revocation_endpoint " + brokenBase + "/nowhere answers a POST 404: advertised but not there");
    expectFail(f, "JWKS", "is PRIVATE or secret");
    expectFail(f, "JWKS", "has no alg");
    expectFail(f, "WWW-Authenticate on 401", "401 without a Bearer WWW-Authenticate challenge");
    expectFail(f, "CORS", "Access-Control-Allow-Origin: https://portcullis-doctor-");
    expectFail(f, "CORS", "with credentials");
    expectFail(f, "cookie sid: __Host- prefix", "no __Host- prefix");
    expectFail(f, "cookie sid: Secure", "no Secure attribute");
    expectFail(f, "cookie sid: HttpOnly", "no HttpOnly");
    expectFail(f, "cookie sid: SameSite", "no SameSite attribute");
    expectFail(f, "cookie sid: no Domain", "Domain=example.com");
    expectFail(f, "cookie sid: Path=/", "Path=/app");
    expectFail(f, "cookie sid: entropy", "at most 27 bits, under 128");
    expectFail(f, "cookie prefs: size", "bytes: browsers drop cookies over 4096 bytes");
    expectFail(f, "access-token lifetime", "1 d: a stolen token works that long");
    expectFail(f, "token vs JWKS and metadata", "algorithm HS256 is not allowed");
    f.values().stream().filter(x -> x.get("status").asText().equals("FAIL"))
        .forEach(x -> assertThat(x.get("fix").asText()).as(x.toString()).isNotBlank());
    assertThat(brokenLogouts.get()).isPositive(); // it logged out of the session it opened
  }

  @Test
  void withoutALoginTheSessionAndTokenChecksSaySoAndTheRestRuns() throws Exception {
    CliRun.Result r = CliRun.exec("doctor", portcullis.base, "--json");
    assertThat(r.code()).isZero();
    Map<String, JsonNode> f = findings(r);
    assertThat(f.get("session cookie").get("status").asText()).isEqualTo("WARN");
    assertThat(f.get("access-token lifetime").get("reason").asText()).contains("not checked");
    assertThat(f.get("JWKS").get("status").asText()).isEqualTo("PASS");
  }

  @Test
  void aWrongPasswordIsAFailNamingTheLoginNotACrash() throws Exception {
    CliRun.Result r = new CliRun().env("PORTCULLIS_DOCTOR_PASSWORD", "wrong password!").run("doctor", portcullis.base,
        "--email", email, "--json");
    assertThat(r.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(findings(r).get("session cookie").get("reason").asText()).contains("login answered 401 invalid_credentials");
  }

  @Test
  void thePasswordCanComeFromStdinAndIsNeverAFlag() {
    CliRun.Result r = new CliRun().stdin(ServerHarness.PASSWORD + "\n").run("doctor", portcullis.base, "--email", email,
        "--password-stdin", "--client-id", mobileClient);
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("PASS  cookie __Host-portcullis: Secure").doesNotContain(ServerHarness.PASSWORD);
    assertThat(CliRun.exec("doctor", portcullis.base, "--password", "x").code()).isEqualTo(ExitCodes.USAGE);
    CliRun.Result none = CliRun.exec("doctor", portcullis.base, "--email", email);
    assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.noStackTrace().err()).contains("--email needs a password");
  }

  @Test
  void badUrlsAndUnreachableHostsAreOneLineAndTheirOwnExitCode() throws Exception {
    for (String bad : List.of("auth.example.com", "ftp://x", "http://", "http://user:pw@h", "not a url")) {
      CliRun.Result r = CliRun.exec("doctor", bad);
      assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
      assertThat(r.noStackTrace().err()).startsWith("portcullis doctor: URL");
    }
    int closed = RedisProcess.freePort();
    CliRun.Result refused = CliRun.exec("doctor", "http://127.0.0.1:" + closed);
    assertThat(refused.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(refused.noStackTrace().err()).contains("cannot reach http://127.0.0.1:" + closed + ": connection refused");
    CliRun.Result unknown = CliRun.exec("doctor", "http://no-such-host.invalid");
    assertThat(unknown.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unknown.noStackTrace().err()).contains("no-such-host.invalid");
  }

  // ---- the misconfigured server ---------------------------------------------------------------

  static HttpServer misconfigured() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + s.getAddress().getPort();
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("leaked").algorithm(JWSAlgorithm.RS256).generate();
    RSAKey noAlg = new RSAKeyGenerator(2048).keyID("bare").generate();
    OctetSequenceKey hmac = new OctetSequenceKey.Builder("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))
        .keyID("hs").algorithm(JWSAlgorithm.HS256).build();
    String jwks = new JWKSet(List.of(rsa, noAlg.toPublicJWK(), hmac)).toJSONObject(false).toString();
    jwks = Json.MAPPER.writeValueAsString(new JWKSet(List.of(rsa, noAlg.toPublicJWK(), hmac)).toJSONObject(false));
    String finalJwks = jwks;
    s.createContext("/.well-known/oauth-authorization-server", x -> send(x, 200, Map.of(),
        "{\"issuer\":\"https://elsewhere.example\",\"token_endpoint\":\"http://other.example/token\",\"jwks_uri\":\""
            + base + "/keys\",\"revocation_endpoint\":\"" + base + "/nowhere\"}"));
    s.createContext("/keys", x -> send(x, 200, Map.of(), finalJwks));
    s.createContext("/v1/me", x -> send(x, 401, Map.of(), "{\"error\":\"unauthenticated\"}"));
    s.createContext("/v1/session/login", x -> {
      String origin = x.getRequestHeaders().getFirst("Origin");
      if ("OPTIONS".equals(x.getRequestMethod())) {
        send(x, 204, Map.of("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "true"), "");
        return;
      }
      x.getResponseHeaders().add("Set-Cookie", "sid=12345678; Path=/app; Domain=example.com");
      x.getResponseHeaders().add("Set-Cookie", "prefs=" + "x".repeat(5000) + "; Path=/; Secure; HttpOnly; SameSite=Lax");
      send(x, 200, Map.of(), "{\"user_id\":\"u_1\",\"csrf_token\":\"c\"}");
    });
    s.createContext("/v1/session/logout", x -> {
      brokenLogouts.incrementAndGet();
      send(x, 204, Map.of(), "");
    });
    s.createContext("/v1/session", x -> {
      String origin = x.getRequestHeaders().getFirst("Origin");
      send(x, 401, origin == null ? Map.of() : Map.of("Access-Control-Allow-Origin", origin, "Access-Control-Allow-Credentials", "true"), "{}");
    });
    s.createContext("/v1/token", x -> {
      try {
        SignedJWT day = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hs").type(new JOSEObjectType("at+jwt")).build(),
            new JWTClaimsSet.Builder().issuer("https://elsewhere.example").subject("u_1").issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1)))).build());
        day.sign(new MACSigner(hmac));
        send(x, 200, Map.of(), "{\"access_token\":\"" + day.serialize() + "\",\"token_type\":\"Bearer\",\"expires_in\":86400}");
      } catch (Exception e) {
        send(x, 500, Map.of(), "{}");
      }
    });
    s.start();
    brokenBase = base;
    return s;
  }

  static void send(HttpExchange x, int status, Map<String, String> headers, String body) throws IOException {
    headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
    x.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
    if (status != 204) {
      x.getResponseBody().write(bytes);
    }
    x.close();
  }

  static void expectFail(Map<String, JsonNode> findings, String check, String reason) {
    JsonNode f = findings.get(check);
    assertThat(f).as(check + " in " + findings.keySet()).isNotNull();
    assertThat(f.get("status").asText()).as(check + ": " + f).isEqualTo("FAIL");
    assertThat(f.get("reason").asText()).as(check).contains(reason);
  }
}
