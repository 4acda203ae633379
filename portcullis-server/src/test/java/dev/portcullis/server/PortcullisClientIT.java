package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.sdk.Introspector;
import dev.portcullis.sdk.PortcullisFilter;
import dev.portcullis.sdk.TokenVerificationException;
import dev.portcullis.sdk.TokenVerificationException.Reason;
import dev.portcullis.sdk.TokenVerifier;
import dev.portcullis.token.SigningAlgorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resource-server SDK (portcullis-client) against a real Portcullis and in a real servlet
 * container: {@link PortcullisFilter} with a {@link TokenVerifier} on {@code /orders/*} (scope
 * {@code orders:read}) and {@code /admin/*} ({@code orders:write}), with an {@link Introspector}
 * on {@code /introspected/*}, and with a verifier whose JWKS is unreachable on {@code /down/*}.
 * Key rotation is in {@link PortcullisClientKeyRotationIT}.
 */
class PortcullisClientIT {
  static final String ISSUER = "http://portcullis.test";
  static final String AUDIENCE = "https://orders.example";

  static ServerHarness h;
  static OAuth oauth;
  static ProtectedJettyApp app;
  static TokenVerifier verifier;
  static String email;
  static String userId;
  static String mobile;
  static JsonNode service;
  static JsonNode otherService;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer(ISSUER));
    oauth = new OAuth(h);
    email = ServerHarness.email();
    userId = h.register(email);
    mobile = oauth.client("mobile", "audience", AUDIENCE, "scopes", "[orders:read]").get("client_id").asText();
    service = oauth.client("service", "audience", AUDIENCE, "scopes", "[orders:read,orders:write]");
    otherService = oauth.client("service", "audience", "https://billing.example");
    JsonNode rs = oauth.client("resource-server", "audience", AUDIENCE);

    verifier = verifier(ISSUER).build();
    Introspector introspector = Introspector.builder(ISSUER, rs.get("client_id").asText(), rs.get("client_secret").asText())
        .endpoint(URI.create(h.base + "/v1/token/introspect")).cacheTimes(Duration.ofSeconds(10), Duration.ofSeconds(5))
        .clock(h.clock).build();
    TokenVerifier unreachable = TokenVerifier.builder(ISSUER).audience(AUDIENCE)
        .jwksUri(URI.create("http://127.0.0.1:1/.well-known/jwks.json")).clock(h.clock).build();
    app = new ProtectedJettyApp(Map.of(
        "/orders/*", new PortcullisFilter(verifier, "orders:read").realm("orders"),
        "/admin/*", new PortcullisFilter(verifier, "orders:read", "orders:write").realm("orders"),
        "/introspected/*", new PortcullisFilter(introspector).realm("orders"),
        "/down/*", new PortcullisFilter(unreachable).realm("orders")),
        Map.of("/configured/*", Map.of("issuer", ISSUER, "audience", AUDIENCE, "jwks-uri", h.base + "/.well-known/jwks.json",
            "required-scopes", "orders:read", "realm", "web-xml")));
  }

  @AfterAll
  static void stop() {
    app.close();
    h.close();
  }

  static TokenVerifier.Builder verifier(String issuer) {
    return TokenVerifier.builder(issuer).audience(AUDIENCE).jwksUri(URI.create(h.base + "/.well-known/jwks.json")).clock(h.clock);
  }

  static String userToken() {
    Browser.Response r = oauth.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  static String serviceToken(JsonNode client) {
    Browser.Response r = oauth.token("grant_type", "client_credentials", "client_id", client.get("client_id").asText(),
        "client_secret", client.get("client_secret").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  static Browser.Response get(String path, String token) {
    return app.browser().get(path, "Authorization", token == null ? null : "Bearer " + token);
  }

  static void refused(String token, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerificationException.class)
        .extracting(e -> ((TokenVerificationException) e).reason()).isEqualTo(reason);
  }

  /** RFC 6750 section 3.1: a refused token is a 401 with error="invalid_token" and the body of the server's errors. */
  static void invalidToken(Browser.Response r, String description) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"" + description + "\"");
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
    assertThat(r.json().get("message").asText()).isEqualTo(description);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void aUsersTokenReachesTheServletWithItsPrincipal() {
    String token = userToken();
    Browser.Response r = get("/orders/42", token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode me = r.json();
    assertThat(me.get("principal").asText()).isEqualTo(userId);
    assertThat(me.get("remote_user").asText()).isEqualTo(userId);
    assertThat(me.get("subject").asText()).isEqualTo(userId);
    assertThat(me.get("auth_type").asText()).isEqualTo("Bearer");
    assertThat(me.get("client_id").asText()).isEqualTo(mobile);
    assertThat(me.get("scopes").toString()).isEqualTo("[\"orders:read\"]");
    assertThat(me.get("in_role_orders_read").asBoolean()).isTrue();
    assertThat(me.get("jti").asText()).isNotBlank();
  }

  @Test
  void aClientCredentialsTokenIsItsClient() {
    Browser.Response r = get("/admin/x", serviceToken(service));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("principal").asText()).isEqualTo(service.get("client_id").asText());
    assertThat(r.json().get("scopes").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
  }

  /** RFC 6750 section 3.1: without credentials the challenge carries no error code. */
  @Test
  void noBearerTokenIs401WithAPlainChallenge() {
    for (String authorization : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer ", "Bearer"}) {
      Browser.Response r = app.browser().get("/orders/1", "Authorization", authorization);
      assertThat(r.status()).as(authorization).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
      assertThat(r.json().get("error").asText()).isEqualTo("unauthenticated");
    }
    // the scheme is case-insensitive (RFC 9110 section 11.1)
    assertThat(app.browser().get("/orders/1", "Authorization", "bearer " + userToken()).status()).isEqualTo(200);
  }

  /** RFC 6750 section 3.1: more than one way of sending credentials is invalid_request. */
  @Test
  void twoAuthorizationHeadersAre400() {
    String token = userToken();
    Browser.Response r = app.browser().get("/orders/1", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
  }

  /** RFC 9068 section 4 / RFC 7519 section 4.1.4: exp with the verifier's 30 s of leeway; the cached token too. */
  @Test
  void anExpiredTokenIs401EvenWhenItWasVerifiedBefore() {
    String token = userToken();
    assertThat(get("/orders/1", token).status()).isEqualTo(200);
    h.clock.advance(Duration.ofMinutes(10).plusSeconds(29));
    assertThat(get("/orders/1", token).status()).isEqualTo(200);
    h.clock.advance(Duration.ofSeconds(1));
    invalidToken(get("/orders/1", token), "The access token expired.");
    refused(token, Reason.EXPIRED);
  }

  @Test
  void aTokenForAnotherAudienceOrFromAnotherIssuerIs401() throws Exception {
    String forBilling = serviceToken(otherService);
    invalidToken(get("/orders/1", forBilling), "The access token is meant for another audience.");
    refused(forBilling, Reason.WRONG_AUDIENCE);
    TokenVerifier otherIssuer = verifier("https://someone-else.example").build();
    assertThatThrownBy(() -> otherIssuer.verify(userToken())).isInstanceOf(TokenVerificationException.class)
        .extracting(e -> ((TokenVerificationException) e).reason()).isEqualTo(Reason.WRONG_ISSUER);
  }

  @Test
  void aTamperedTokenIs401() {
    String[] parts = userToken().split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"orders:read\"");
    String escalated = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.replace("\"orders:read\"", "\"orders:read orders:write\"").getBytes(StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + escalated + "." + parts[2];
    invalidToken(get("/admin/1", tampered), "The access token's signature is invalid.");
    refused(tampered, Reason.BAD_SIGNATURE);
    // a flipped signature bit
    char last = parts[2].charAt(10);
    String flipped = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);
    refused(flipped, Reason.BAD_SIGNATURE);
  }

  /**
   * RFC 8725 section 2.1 and 3.1: {@code alg: none} is never accepted, and neither is an HMAC
   * "signed" with the server's public key as the secret (algorithm confusion).
   */
  @Test
  void algNoneAndHmacKeyConfusionAre401() throws Exception {
    String genuine = userToken();
    SignedJWT parsed = SignedJWT.parse(genuine);
    String kid = parsed.getHeader().getKeyID();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String noneHeader = b64.encodeToString(("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
    String unsigned = noneHeader + "." + genuine.split("\\.")[1] + ".";
    invalidToken(get("/orders/1", unsigned), "The access token is malformed.");
    refused(unsigned, Reason.MALFORMED);

    String jwks = h.browser().get("/.well-known/jwks.json").body();
    RSAKey published = (RSAKey) JWKSet.parse(jwks).getKeyByKeyId(kid);
    byte[] publicKeyAsSecret = published.toRSAPublicKey().getEncoded();
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
        JWTClaimsSet.parse(parsed.getJWTClaimsSet().toJSONObject()));
    hmac.sign(new MACSigner(publicKeyAsSecret));
    invalidToken(get("/orders/1", hmac.serialize()), "The access token's algorithm is not accepted.");
    refused(hmac.serialize(), Reason.ALGORITHM_NOT_ALLOWED);
  }

  /** RFC 6750 section 3.1: a valid token without the scope is 403 insufficient_scope, naming the scope needed. */
  @Test
  void aMissingScopeIs403WithTheScopeInTheChallenge() {
    Browser.Response r = get("/admin/1", userToken());
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\", error=\"insufficient_scope\", "
        + "error_description=\"The access token lacks a required scope.\", scope=\"orders:read orders:write\"");
    assertThat(r.json().get("error").asText()).isEqualTo("insufficient_scope");
  }

  /** An unreachable JWKS is the resource server's outage: 503, never a 401 that would log callers out. */
  @Test
  void anUnreachableJwksIs503NotInvalidToken() {
    Browser.Response r = get("/down/1", userToken());
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isEqualTo("5");
    assertThat(r.header("WWW-Authenticate")).isNull();
    assertThat(r.json().get("error").asText()).isEqualTo("unavailable");
  }

  /**
   * RFC 7662 through the filter: a token revoked with RFC 7009 is inactive once the introspection
   * cache (10 s here) has run out, while the local verifier, by design, accepts it until it expires.
   */
  @Test
  void theIntrospectorSeesARevokedTokenAsInactiveAfterItsCache() {
    String token = userToken();
    Browser.Response ok = get("/introspected/1", token);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("subject").asText()).isEqualTo(userId);
    assertThat(ok.json().get("scopes").toString()).isEqualTo("[\"orders:read\"]");
    assertThat(oauth.revoke(mobile, token).status()).isEqualTo(200);
    h.clock.advance(Duration.ofSeconds(9));
    assertThat(get("/introspected/1", token).status()).isEqualTo(200); // the cached answer
    h.clock.advance(Duration.ofSeconds(1));
    invalidToken(get("/introspected/1", token), "The access token is not active.");
    assertThat(get("/orders/1", token).status()).isEqualTo(200); // local verification cannot see revocation
    // a token for another audience is inactive to this resource server
    invalidToken(get("/introspected/1", serviceToken(otherService)), "The access token is not active.");
  }

  /**
   * The filter as a {@code web.xml} declares it (no-argument constructor, init parameters): it
   * builds a verifier of its own, on the system clock. The harness's tokens are issued on its test
   * clock, which starts in 2030, so a token that passes signature, issuer and audience is refused as
   * not valid yet, the check that comes last: proof that the JWKS was fetched from {@code jwks-uri}
   * and every other check passed.
   */
  @Test
  void initParametersConfigureTheFilterAsWebXmlWould() {
    Browser.Response anonymous = get("/configured/1", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"web-xml\"");
    Browser.Response future = get("/configured/1", userToken());
    assertThat(future.status()).isEqualTo(401);
    assertThat(future.header("WWW-Authenticate")).contains("realm=\"web-xml\"", "not valid yet");
    assertThat(get("/configured/1", serviceToken(otherService)).header("WWW-Authenticate")).contains("another audience");
  }

  /** Every algorithm Portcullis signs with (--signing-alg) verifies with the default allow-list. */
  @Test
  void tokensOfEveryPortcullisAlgorithmVerify() throws Exception {
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      try (ServerHarness other = new ServerHarness(b -> b.issuer(ISSUER).signingAlg(alg))) {
        OAuth o = new OAuth(other);
        JsonNode svc = o.client("service", "audience", AUDIENCE, "scopes", "[orders:read]");
        Browser.Response r = o.token("grant_type", "client_credentials", "client_id", svc.get("client_id").asText(),
            "client_secret", svc.get("client_secret").asText());
        String token = r.json().get("access_token").asText();
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo(alg.jws().getName());
        TokenVerifier v = TokenVerifier.builder(ISSUER).audience(AUDIENCE)
            .jwksUri(URI.create(other.base + "/.well-known/jwks.json")).clock(other.clock).build();
        assertThat(v.verify(token).subject()).as(alg.name()).isEqualTo(svc.get("client_id").asText());
        // narrowed to another algorithm, the same token is refused
        SigningAlgorithm another = alg == SigningAlgorithm.RS256 ? SigningAlgorithm.ES256 : SigningAlgorithm.RS256;
        TokenVerifier narrowed = TokenVerifier.builder(ISSUER).audience(AUDIENCE).algorithms(another.jws())
            .jwksUri(URI.create(other.base + "/.well-known/jwks.json")).clock(other.clock).build();
        assertThatThrownBy(() -> narrowed.verify(token)).isInstanceOf(TokenVerificationException.class)
            .extracting(e -> ((TokenVerificationException) e).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
      }
    }
  }

  /** Many threads presenting the same and different tokens at once: every answer is right. */
  @Test
  void parallelRequestsAllGetTheRightAnswer() throws Exception {
    List<String> tokens = List.of(userToken(), userToken(), serviceToken(service));
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        String token = tokens.get(i % tokens.size());
        String path = i % 2 == 0 ? "/orders/" + i : "/admin/" + i;
        statuses.add(pool.submit(() -> get(path, token).status()));
      }
      for (int i = 0; i < statuses.size(); i++) {
        boolean userOnAdmin = i % 2 == 1 && i % tokens.size() != 2;
        assertThat(statuses.get(i).get()).as("request " + i).isEqualTo(userOnAdmin ? 403 : 200);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
