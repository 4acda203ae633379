package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each client type is allowed only its own grants; introspection needs an authenticated resource
 * server; and what real OAuth client libraries expect on the wire (scope members, metadata).
 */
class ClientTypesIT {
  static ServerHarness h;
  static OAuth oauth;
  static String email;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer("http://portcullis.test"));
    oauth = new OAuth(h);
    email = ServerHarness.email();
    h.register(email);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static void unauthorized(Browser.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("unauthorized_client");
  }

  @Test
  void browserAndServiceClientsCannotUseThePasswordGrant() {
    String browser = oauth.client("browser", "redirect_uris", "[https://app.example/cb]").get("client_id").asText();
    unauthorized(oauth.password(browser, email, ServerHarness.PASSWORD));
    JsonNode service = oauth.client("service");
    unauthorized(oauth.token("grant_type", "password", "username", email, "password", ServerHarness.PASSWORD,
        "client_id", service.get("client_id").asText(), "client_secret", service.get("client_secret").asText()));
  }

  @Test
  void mobileClientsCannotUseClientCredentials() {
    String mobile = oauth.client("mobile").get("client_id").asText();
    unauthorized(oauth.token("grant_type", "client_credentials", "client_id", mobile));
  }

  @Test
  void serviceGetsAnAccessTokenOnlyWithNarrowedScopes() {
    JsonNode service = oauth.client("service", "scopes", "[orders:read,orders:write]");
    String id = service.get("client_id").asText();
    String secret = service.get("client_secret").asText();
    assertThat(secret).startsWith("pcl_cs_");
    Browser.Response r = oauth.token("grant_type", "client_credentials", "client_id", id, "client_secret", secret,
        "scope", "orders:read");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().has("refresh_token")).isFalse();
    assertThat(r.json().get("scope").asText()).isEqualTo("orders:read");
    Browser.Response wider = oauth.token("grant_type", "client_credentials", "client_id", id, "client_secret", secret,
        "scope", "orders:delete");
    assertThat(wider.status()).isEqualTo(400);
    assertThat(wider.json().get("error").asText()).isEqualTo("invalid_scope");
    Browser.Response wrongSecret = oauth.token("grant_type", "client_credentials", "client_id", id, "client_secret", "pcl_cs_wrong");
    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongSecret.json().get("error").asText()).isEqualTo("invalid_client");
    // a service token names no user: user endpoints answer 403, not 200 and not 401
    assertThat(oauth.me(r.json().get("access_token").asText()).status()).isEqualTo(403);
  }

  @Test
  void introspectionOnlyForResourceServersAndInactiveIsExactlyActiveFalse() {
    String mobile = oauth.client("mobile").get("client_id").asText();
    String access = oauth.password(mobile, email, ServerHarness.PASSWORD).json().get("access_token").asText();
    JsonNode rs = oauth.client("resource-server");
    String rsId = rs.get("client_id").asText();
    String rsSecret = rs.get("client_secret").asText();

    Browser.Response active = oauth.introspect(rsId, rsSecret, access);
    assertThat(active.status()).isEqualTo(200);
    assertThat(active.json().get("active").asBoolean()).isTrue();
    assertThat(active.json().get("sub").asText()).startsWith("u_");
    assertThat(active.json().get("client_id").asText()).isEqualTo(mobile);

    Browser.Response inactive = oauth.introspect(rsId, rsSecret, "garbage");
    assertThat(inactive.body()).isEqualTo("{\"active\":false}");

    Browser.Response wrongSecret = oauth.introspect(rsId, "pcl_cs_wrong", access);
    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongSecret.json().get("error").asText()).isEqualTo("invalid_client");

    JsonNode service = oauth.client("service");
    unauthorized(oauth.introspect(service.get("client_id").asText(), service.get("client_secret").asText(), access));

    // a stale token version is inactive too
    String userId = oauth.me(access).json().get("user_id").asText();
    h.admin().postJson("/v1/admin/users/" + userId + "/logout-everywhere", Map.of());
    assertThat(oauth.introspect(rsId, rsSecret, access).body()).isEqualTo("{\"active\":false}");
  }

  @Test
  void unknownClientsAndGrantsAreRefusedInTheOAuthErrorForm() {
    Browser.Response unknown = oauth.token("grant_type", "password", "username", email, "password", "x", "client_id", "c_nope");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().get("error").asText()).isEqualTo("invalid_client");
    String mobile = oauth.client("mobile").get("client_id").asText();
    Browser.Response grant = oauth.token("grant_type", "implicit", "client_id", mobile);
    assertThat(grant.status()).isEqualTo(400);
    assertThat(grant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
    // this mobile client opted in to the password grant only: no code flow for it (RFC 7591 grant_types)
    Browser.Response notRegistered = oauth.token("grant_type", "authorization_code", "client_id", mobile);
    assertThat(notRegistered.status()).isEqualTo(400);
    assertThat(notRegistered.json().get("error").asText()).isEqualTo("unauthorized_client");
    Browser.Response notAnEmail = oauth.password(mobile, "not an email", "whatever password");
    assertThat(notAnEmail.status()).isEqualTo(400);
    assertThat(notAnEmail.json().get("error").asText()).isEqualTo("invalid_request");
    assertThat(notAnEmail.json().has("error_description")).isTrue();
    Browser.Response missing = oauth.token("client_id", mobile);
    assertThat(missing.json().get("error").asText()).isEqualTo("invalid_request");
    Browser.Response badJson = h.browser().postRaw("/v1/token", "{", "application/json");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.json().get("error").asText()).isEqualTo("invalid_request");
    Browser.Response badType = h.admin().postJson("/v1/admin/clients", Map.of("type", "desktop", "name", "x"));
    assertThat(badType.status()).isEqualTo(400);
    assertThat(h.admin().postJson("/v1/admin/clients", Map.of("type", "mobile", "name", List.of())).status()).isEqualTo(400);
    assertThat(h.loggedIn().postCsrf("/v1/admin/clients", Map.of("type", "mobile", "name", "x")).status()).isEqualTo(403);
  }

  @Test
  void refreshGraceIsOffByDefaultAndTokensExpire() {
    String mobile = oauth.client("mobile").get("client_id").asText();
    JsonNode t = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    oauth.refresh(mobile, t.get("refresh_token").asText());
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(oauth.refresh(mobile, t.get("refresh_token").asText()).status()).isEqualTo(400);
  }

  // --- what real OAuth client libraries expect on the wire -------------------------------------

  private static JsonNode claims(String jwt) throws Exception {
    String payload = jwt.substring(jwt.indexOf('.') + 1, jwt.lastIndexOf('.'));
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(payload));
  }

  /** RFC 6749 section 3.3 / 5.1: no scope granted means no {@code scope} member, never {@code ""}. */
  @Test
  void tokenAnswersOmitAnEmptyScope() {
    String mobile = oauth.client("mobile").get("client_id").asText();
    Browser.Response login = oauth.password(mobile, email, ServerHarness.PASSWORD);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(login.json().has("scope")).as(login.body()).isFalse();
    Browser.Response refreshed = oauth.refresh(mobile, login.json().get("refresh_token").asText());
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    assertThat(refreshed.json().has("scope")).as(refreshed.body()).isFalse();

    JsonNode service = oauth.client("service");
    Browser.Response cc = oauth.token("grant_type", "client_credentials",
        "client_id", service.get("client_id").asText(), "client_secret", service.get("client_secret").asText());
    assertThat(cc.status()).as(cc.body()).isEqualTo(200);
    assertThat(cc.json().has("scope")).as(cc.body()).isFalse();
  }

  /** API.md: user access tokens carry the granted scope; RFC 7662 echoes it only when there is one. */
  @Test
  void userTokensCarryTheGrantedScopeAndIntrospectionOmitsAnEmptyOne() throws Exception {
    String scoped = oauth.client("mobile", "scopes", "[profile,orders:read]").get("client_id").asText();
    Browser.Response r = oauth.password(scoped, email, ServerHarness.PASSWORD);
    assertThat(r.json().get("scope").asText()).isEqualTo("orders:read profile");
    String access = r.json().get("access_token").asText();
    assertThat(claims(access).get("scope").asText()).isEqualTo("orders:read profile");
    Browser.Response narrowed = oauth.token("grant_type", "refresh_token", "client_id", scoped,
        "refresh_token", r.json().get("refresh_token").asText(), "scope", "profile");
    assertThat(claims(narrowed.json().get("access_token").asText()).get("scope").asText()).isEqualTo("profile");

    JsonNode rs = oauth.client("resource-server");
    String rsId = rs.get("client_id").asText();
    String rsSecret = rs.get("client_secret").asText();
    assertThat(oauth.introspect(rsId, rsSecret, access).json().get("scope").asText()).isEqualTo("orders:read profile");
    String bare = oauth.client("mobile").get("client_id").asText();
    String unscoped = oauth.password(bare, email, ServerHarness.PASSWORD).json().get("access_token").asText();
    assertThat(claims(unscoped).has("scope")).isFalse();
    JsonNode active = oauth.introspect(rsId, rsSecret, unscoped).json();
    assertThat(active.get("active").asBoolean()).isTrue();
    assertThat(active.has("scope")).as(active.toString()).isFalse();
  }

  /** RFC 7662 section 2.1: the caller must authenticate; a public client's bare id does not. */
  @Test
  void introspectionWithoutClientAuthenticationIs401InvalidClient() {
    String mobile = oauth.client("mobile").get("client_id").asText();
    String access = oauth.password(mobile, email, ServerHarness.PASSWORD).json().get("access_token").asText();
    String basicOfPublicClient = Base64.getEncoder().encodeToString((mobile + ":").getBytes(StandardCharsets.UTF_8));
    Browser.Response[] refused = {
      h.browser().postRaw("/v1/token/introspect", OAuth.form("token", access), "application/x-www-form-urlencoded"),
      h.browser().postRaw("/v1/token/introspect", OAuth.form("token", access, "client_id", mobile),
          "application/x-www-form-urlencoded"),
      h.browser().postRaw("/v1/token/introspect", OAuth.form("token", access), "application/x-www-form-urlencoded",
          "Authorization", "Basic " + basicOfPublicClient),
    };
    for (Browser.Response r : refused) {
      assertThat(r.status()).as(r.body()).isEqualTo(401);
      assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
      assertThat(r.body()).doesNotContain("active");
      assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
    }
  }

  /** RFC 8414 section 2: scopes_supported, and no JWT client-auth algorithms without JWT client auth. */
  @Test
  void metadataListsTheScopesClientsCanBeGivenAndNoJwtClientAuthAlgorithms() {
    oauth.client("service", "scopes", "[reports:read,reports:write]");
    JsonNode m = h.browser().get("/.well-known/oauth-authorization-server").json();
    assertThat(m.has("token_endpoint_auth_signing_alg_values_supported")).isFalse();
    assertThat(m.get("token_endpoint_auth_methods_supported").toString()).doesNotContain("_jwt");
    assertThat(m.get("scopes_supported").toString()).contains("\"reports:read\"", "\"reports:write\"");
    // RFC 8414 §2 with RFC 7636 §6.2 (S256 only) and RFC 9207 §3
    assertThat(m.get("authorization_endpoint").asText()).isEqualTo(m.get("issuer").asText() + "/oauth/authorize");
    assertThat(m.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
    assertThat(m.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(m.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
    assertThat(m.get("grant_types_supported").toString()).contains("\"authorization_code\"");
  }
}
