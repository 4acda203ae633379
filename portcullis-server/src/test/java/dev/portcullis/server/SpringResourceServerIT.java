package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.sdk.AccessToken;
import dev.portcullis.sdk.TokenVerificationException;
import dev.portcullis.sdk.TokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.web.client.RestTemplate;

/**
 * A stock Spring Security resource server (its {@code NimbusJwtDecoder}) accepts Portcullis' RFC 9068
 * access tokens with the recipe of docs/resource-servers.md, refuses them without it, and rides out a
 * routine key rotation without meeting an unknown {@code kid} (issue 7, items 11 and 12).
 */
class SpringResourceServerIT {
  static final String ISSUER = "http://portcullis.test";
  static final String AUDIENCE = "https://orders.example";

  static ServerHarness h;
  static OAuth oauth;
  static String email;
  static String mobile;
  static JsonNode service;
  static JsonNode otherService;

  // --- the recipe of docs/resource-servers.md, verbatim -----------------------------------------

  /**
   * A decoder for Portcullis access tokens. {@code jwkSet} is {@code NimbusJwtDecoder.withJwkSetUri(
   * issuer + "/.well-known/jwks.json")}; {@code clock} is {@code Clock.systemUTC()} outside tests.
   */
  static NimbusJwtDecoder portcullisJwtDecoder(NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder jwkSet,
      String issuer, String audience, Clock clock) {
    NimbusJwtDecoder decoder = jwkSet
        .validateType(false) // Nimbus's own typ check knows only "JWT"; the validator below checks at+jwt
        .jwsAlgorithm(SignatureAlgorithm.RS256) // Portcullis' --signing-alg (RS256 by default, or ES256)
        .build();
    JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
    timestamps.setClock(clock);
    decoder.setJwtValidator(JwtValidators.createAtJwtValidator() // RFC 9068: typ at+jwt, exp, iat, sub, jti, client_id
        .issuer(issuer)
        .audience(audience)
        .validators(v -> {
          // exp and iat stay required; exp and nbf are judged by the given clock
          v.put(JwtClaimNames.EXP, new DelegatingOAuth2TokenValidator<>(
              new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull), timestamps));
          v.put(JwtClaimNames.IAT, new JwtClaimValidator<Instant>(JwtClaimNames.IAT, Objects::nonNull));
        })
        .build());
    return decoder;
  }

  // ------------------------------------------------------------------------------------------------

  // --- the SDK recipe of docs/resource-servers.md, verbatim ---------------------------------------

  /** A Spring Security {@code JwtDecoder} that verifies with portcullis-client's {@code TokenVerifier}. */
  static JwtDecoder portcullisSdkJwtDecoder(TokenVerifier verifier) {
    return token -> {
      AccessToken t;
      try {
        t = verifier.verify(token);
      } catch (TokenVerificationException e) {
        if (e.reason() == TokenVerificationException.Reason.UNAVAILABLE) {
          throw new JwtException(e.getMessage(), e); // JWKS unreachable: an error, never a 401
        }
        throw new BadJwtException(e.reason().description(), e); // Spring answers 401 invalid_token
      }
      Map<String, Object> header;
      try {
        header = SignedJWT.parse(token).getHeader().toJSONObject();
      } catch (java.text.ParseException e) {
        throw new BadJwtException("malformed token", e);
      }
      return Jwt.withTokenValue(token)
          .headers(h -> h.putAll(header))
          .claims(c -> c.putAll(t.claims()))
          .issuedAt(t.issuedAt())
          .notBefore(t.notBefore())
          .expiresAt(t.expiresAt())
          .build();
    };
  }

  // ------------------------------------------------------------------------------------------------

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer(ISSUER));
    oauth = new OAuth(h);
    email = ServerHarness.email();
    h.register(email);
    mobile = oauth.client("mobile", "audience", AUDIENCE, "scopes", "[orders:read]").get("client_id").asText();
    service = oauth.client("service", "audience", AUDIENCE, "scopes", "[orders:read,orders:write]");
    otherService = oauth.client("service", "audience", "https://billing.example");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String jwksUri() {
    return h.base + "/.well-known/jwks.json";
  }

  private static NimbusJwtDecoder decoder() {
    return portcullisJwtDecoder(NimbusJwtDecoder.withJwkSetUri(jwksUri()), ISSUER, AUDIENCE, h.clock);
  }

  private static String userToken() {
    Browser.Response r = oauth.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  private static String serviceToken(JsonNode client) {
    Browser.Response r = oauth.token("grant_type", "client_credentials", "client_id", client.get("client_id").asText(),
        "client_secret", client.get("client_secret").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  /** docs/resource-servers.md shows the recipe above character for character (less one indent). */
  @Test
  void theDocumentedRecipeIsTheCodeThisTestRuns() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/portcullis/server/SpringResourceServerIT.java"));
    int start = source.indexOf("  static NimbusJwtDecoder portcullisJwtDecoder(");
    int end = source.indexOf("    return decoder;\n  }\n", start) + "    return decoder;\n  }\n".length();
    String recipe = source.substring(start, end).replaceAll("(?m)^  ", "");
    assertThat(recipe).contains(".validateType(false)", "createAtJwtValidator()");
    assertThat(Files.readString(Path.of("../docs/resource-servers.md"))).contains(recipe);
  }

  /** docs/resource-servers.md shows the SDK recipe above character for character (less one indent). */
  @Test
  void theDocumentedSdkRecipeIsTheCodeThisTestRuns() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/portcullis/server/SpringResourceServerIT.java"));
    int start = source.indexOf("  static JwtDecoder portcullisSdkJwtDecoder(");
    int end = source.indexOf("    };\n  }\n", start) + "    };\n  }\n".length();
    String recipe = source.substring(start, end).replaceAll("(?m)^  ", "");
    assertThat(recipe).contains("verifier.verify(token)", "BadJwtException");
    assertThat(Files.readString(Path.of("../docs/resource-servers.md"))).contains(recipe);
  }

  private static TokenVerifier sdkVerifier() {
    return TokenVerifier.builder(ISSUER).audience(AUDIENCE).jwksUri(java.net.URI.create(jwksUri())).clock(h.clock).build();
  }

  @Test
  void theSdkRecipeGivesSpringTheClaimsAndScopeAuthoritiesAndRefusesBadTokens() {
    JwtDecoder decoder = portcullisSdkJwtDecoder(sdkVerifier());
    Jwt user = decoder.decode(userToken());
    assertThat(user.getSubject()).startsWith("u_");
    assertThat(user.getAudience()).containsExactly(AUDIENCE);
    assertThat(user.getClaimAsString("client_id")).isEqualTo(mobile);
    assertThat(user.getHeaders()).containsEntry("typ", "at+jwt").containsKey("kid");
    assertThat(user.getExpiresAt()).isAfter(user.getIssuedAt());

    Authentication auth = new JwtAuthenticationProvider(decoder)
        .authenticate(new BearerTokenAuthenticationToken(serviceToken(service)));
    assertThat(auth.getName()).isEqualTo(service.get("client_id").asText());
    assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .filteredOn(a -> a.startsWith("SCOPE_"))
        .containsExactlyInAnyOrder("SCOPE_orders:read", "SCOPE_orders:write");

    // refusals are BadJwtException, which Spring's resource server answers with 401 invalid_token
    assertThatThrownBy(() -> decoder.decode(serviceToken(otherService))).isInstanceOf(BadJwtException.class)
        .hasMessageContaining("another audience");
    assertThatThrownBy(() -> new JwtAuthenticationProvider(decoder)
        .authenticate(new BearerTokenAuthenticationToken(serviceToken(otherService))))
        .isInstanceOf(InvalidBearerTokenException.class);
    String token = userToken();
    h.clock.advance(Duration.ofMinutes(10).plusSeconds(30));
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
    // an unreachable JWKS is not a bad token
    JwtDecoder down = portcullisSdkJwtDecoder(TokenVerifier.builder(ISSUER).audience(AUDIENCE)
        .jwksUri(java.net.URI.create("http://127.0.0.1:1/jwks")).clock(h.clock).build());
    assertThatThrownBy(() -> down.decode(userToken())).isInstanceOf(JwtException.class)
        .isNotInstanceOf(BadJwtException.class);
  }

  @Test
  void theRecipeDecodesAUserTokenAndAClientCredentialsToken() {
    NimbusJwtDecoder decoder = decoder();
    Jwt user = decoder.decode(userToken());
    assertThat(user.getSubject()).startsWith("u_");
    assertThat(user.getAudience()).containsExactly(AUDIENCE);
    assertThat(user.getClaimAsString("client_id")).isEqualTo(mobile);
    assertThat(user.getClaimAsString("scope")).isEqualTo("orders:read");

    Jwt client = decoder.decode(serviceToken(service));
    assertThat(client.getSubject()).isEqualTo(service.get("client_id").asText());
    assertThat(client.getClaimAsString("scope")).isEqualTo("orders:read orders:write");

    // what Spring's resource-server filter does with it: each scope becomes a SCOPE_ authority
    // (Spring Security 7 adds FACTOR_BEARER, naming how the caller authenticated)
    Authentication auth = new JwtAuthenticationProvider(decoder)
        .authenticate(new BearerTokenAuthenticationToken(serviceToken(service)));
    assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .filteredOn(a -> a.startsWith("SCOPE_"))
        .containsExactlyInAnyOrder("SCOPE_orders:read", "SCOPE_orders:write");
  }

  /** Why the recipe exists: Spring's default decoder accepts only {@code typ: JWT}, and RFC 9068 says at+jwt. */
  @Test
  void theStockDecoderRefusesAtJwtTokens() {
    String token = userToken();
    NimbusJwtDecoder stock = NimbusJwtDecoder.withJwkSetUri(jwksUri()).build();
    assertThatThrownBy(() -> stock.decode(token)).isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("typ");
    NimbusJwtDecoder nimbusChecksTyp = NimbusJwtDecoder.withJwkSetUri(jwksUri()).validateType(true).build();
    assertThatThrownBy(() -> nimbusChecksTyp.decode(token)).isInstanceOf(BadJwtException.class)
        .hasMessageContaining("typ");
  }

  @Test
  void theRecipeRefusesATokenForAnotherAudienceOrIssuer() {
    String forBilling = serviceToken(otherService);
    assertThatThrownBy(() -> decoder().decode(forBilling)).isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("aud");
    NimbusJwtDecoder otherIssuer = portcullisJwtDecoder(NimbusJwtDecoder.withJwkSetUri(jwksUri()),
        "https://someone-else.example", AUDIENCE, h.clock);
    assertThatThrownBy(() -> otherIssuer.decode(userToken())).isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("iss");
  }

  @Test
  void theRecipeRefusesAnExpiredToken() {
    String token = userToken();
    // the decoder judges time by the clock it is given: here the server's test clock
    h.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(decoder().decode(token).getSubject()).startsWith("u_");
    h.clock.advance(Duration.ofSeconds(32)); // past exp and the decoder's 30 s of skew
    assertThatThrownBy(() -> decoder().decode(token)).isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("expired");
  }

  /**
   * A resource server that fetched the JWKS a moment before {@code keys/rotate} meets no unknown kid:
   * the old key signs until the JWKS it holds has expired (max-age), and the next fetch already holds
   * the new key before it signs. Spring's cache cannot see the server's test clock, so the test
   * empties it when the max-age has passed on that clock.
   */
  @Test
  void aRoutineKeyRotationNeedsNoRefetchForAnUnknownKid() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    RestTemplate rest = new RestTemplate();
    rest.getInterceptors().add((request, body, execution) -> {
      fetches.incrementAndGet();
      return execution.execute(request, body);
    });
    ConcurrentMapCache cache = new ConcurrentMapCache("jwks");
    NimbusJwtDecoder decoder = portcullisJwtDecoder(
        NimbusJwtDecoder.withJwkSetUri(jwksUri()).restOperations(rest).cache(cache), ISSUER, AUDIENCE, h.clock);

    String before = userToken();
    decoder.decode(before);
    assertThat(fetches).hasValue(1);
    Browser.Response rotated = h.admin().postJson("/v1/admin/keys/rotate", Map.of());
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String newKid = rotated.json().get("kid").asText();

    // right after the rotation: still the key the resource server knows, so no fetch
    String rightAfter = userToken();
    assertThat(decoder.decode(rightAfter).getSubject()).startsWith("u_");
    assertThat(fetches).hasValue(1);
    assertThat(kid(rightAfter)).isEqualTo(kid(before));

    // the cached JWKS's max-age passes: the next decode fetches it again, new key included
    String maxAge = h.browser().get("/.well-known/jwks.json").header("Cache-Control").replaceAll("\\D", "");
    h.clock.advance(Duration.ofSeconds(Long.parseLong(maxAge)));
    cache.clear();
    decoder.decode(userToken());
    assertThat(fetches).hasValue(2);

    // from the activation on, tokens carry the new kid, and the resource server already has it
    h.clock.set(Instant.parse(rotated.json().get("activates_at").asText()));
    String fresh = userToken();
    assertThat(kid(fresh)).isEqualTo(newKid);
    assertThat(decoder.decode(fresh).getSubject()).startsWith("u_");
    assertThat(decoder.decode(before).getSubject()).startsWith("u_");
    assertThat(fetches).hasValue(2);
  }
}
