package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.testkit.RedisProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real nginx protects a tiny app with {@code auth_request} to {@code GET /v1/check}, configured as
 * the README shows ({@link NginxProcess#config}). The app echoes the identity headers it received.
 */
@Timeout(120)
class ForwardAuthNginxIT {
  static final Device HERE = new Device("127.0.0.1", "ForwardAuthNginxIT");
  static ServerHarness h;
  static HttpServer app;
  static NginxProcess nginx;

  @BeforeAll
  static void start() throws Exception {
    h = ServerHarness.dev();
    app = echoApp();
    nginx = NginxProcess.start(h.server.port(), app.getAddress().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (nginx != null) {
        nginx.close();
      }
    } finally {
      if (app != null) {
        app.stop(0);
      }
      if (h != null) {
        h.close();
      }
    }
  }

  /** The protected app: answers who the proxy says is calling. */
  static HttpServer echoApp() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext("/", ex -> {
      byte[] body = ("user=" + ex.getRequestHeaders().getFirst("X-Auth-User")
          + " method=" + ex.getRequestHeaders().getFirst("X-Auth-Method")
          + " scopes=" + ex.getRequestHeaders().getFirst("X-Auth-Scopes")).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    s.start();
    return s;
  }

  static Browser viaNginx(NginxProcess n) {
    return new Browser(n.base());
  }

  @Test
  void anonymousIs401AndNeverReachesTheApp() {
    Browser.Response r = viaNginx(nginx).get("/orders", "X-Auth-User", "admin");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=");
    assertThat(r.body()).doesNotContain("user=");
  }

  @Test
  void sessionCookieIs200AndTheUserIdReachesTheAppNotTheClientsOwnHeader() {
    String email = ServerHarness.email();
    String id = h.register(email);
    Browser b = viaNginx(nginx);
    assertThat(b.login(email, ServerHarness.PASSWORD).status()).as("login through nginx").isEqualTo(200);
    Browser.Response r = b.get("/orders", "X-Auth-User", "admin", "X-Auth-Method", "forged");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("user=" + id + " method=session scopes=null"); // nginx sends no header for an empty value
  }

  @Test
  void accessTokenIs200() {
    String email = ServerHarness.email();
    String id = h.register(email);
    String access = new OAuth(h).accessToken(email, "scopes", "[read]");
    Browser.Response r = viaNginx(nginx).get("/", "Authorization", "Bearer " + access);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("user=" + id + " method=jwt scopes=read");
  }

  @Test
  void apiKeyIs200ThenRevokedIs401AtOnce() {
    String id = h.register(ServerHarness.email());
    var created = h.server.registry().apiKeys().service().create(id, "nginx", List.of("orders:read"), Optional.empty(), HERE);
    Browser.Response ok = viaNginx(nginx).get("/", "Authorization", "Bearer " + created.key());
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("user=" + id + " method=api_key scopes=orders:read");
    h.server.registry().apiKeys().service().revoke(new Principal(id, "session", Set.of(), Set.of(), null, null),
        created.apiKey().id(), HERE);
    Browser.Response revoked = viaNginx(nginx).get("/", "Authorization", "Bearer " + created.key());
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.header("WWW-Authenticate")).contains("invalid_token");
  }

  /** RFC 7009: revoking an app login's refresh token ends its access tokens too, at the next request. */
  @Test
  void revokedAppLoginsAccessTokenIs401AtOnce() {
    String email = ServerHarness.email();
    h.register(email);
    OAuth oauth = new OAuth(h);
    String client = oauth.client("mobile").get("client_id").asText();
    var tokens = oauth.password(client, email, ServerHarness.PASSWORD).json();
    String access = tokens.get("access_token").asText();
    assertThat(viaNginx(nginx).get("/", "Authorization", "Bearer " + access).status()).isEqualTo(200);
    assertThat(oauth.revoke(client, tokens.get("refresh_token").asText()).status()).isEqualTo(200);
    assertThat(viaNginx(nginx).get("/", "Authorization", "Bearer " + access).status()).isEqualTo(401);
  }

  /** The README's @portcullis_other block: nginx hands a page load the check's 302 to sign in. */
  @Test
  void pageLoadWithoutSessionIsRedirectedToSignInThroughNginx() throws Exception {
    try (ServerHarness withSignIn = new ServerHarness(b -> b.forwardAuth(
        dev.portcullis.check.ForwardAuthPolicy.parse("session,jwt,api_key", "/signin")))) {
      NginxProcess proxy = NginxProcess.start(withSignIn.server.port(), app.getAddress().getPort());
      try {
        Browser.Response page = viaNginx(proxy).get("/orders?id=7", "Sec-Fetch-Mode", "navigate");
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        // nginx makes a relative redirect absolute on its own origin (absolute_redirect on)
        assertThat(page.header("Location")).isEqualTo(proxy.base() + "/signin?return_to=%2Forders%3Fid%3D7");
        assertThat(viaNginx(proxy).get("/orders", "Sec-Fetch-Mode", "cors").status()).isEqualTo(401);
        // Portcullis' own sign-in page, through the same nginx site: sign in, and back to the page
        String email = ServerHarness.email();
        withSignIn.register(email);
        Browser browser = viaNginx(proxy);
        Browser.Response form = browser.get("/signin?return_to=%2Forders%3Fid%3D7");
        assertThat(form.status()).isEqualTo(200);
        Browser.Response signedIn = PagesIT.postForm(browser, "/signin", "_csrf", PagesIT.csrfField(form),
            "email", email, "password", ServerHarness.PASSWORD, "return_to", "/orders?id=7");
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/orders?id=7");
        Browser.Response orders = browser.get("/orders?id=7", "Sec-Fetch-Mode", "navigate");
        assertThat(orders.status()).isEqualTo(200);
        assertThat(orders.body()).startsWith("user=u_").contains("method=session");
      } finally {
        proxy.close();
      }
    }
  }

  /** A transient store fault must not log anyone out: the browser gets 503 through nginx, not 401. */
  @Test
  void storeDownIs503ThroughNginx() throws Exception {
    try (RedisProcess redis = RedisProcess.onFreePort()) {
      redis.start();
      try (ServerHarness onRedis = new ServerHarness(b -> b.redisUrl(redis.url()).redisPrefix("pcl-nginx:"))) {
        NginxProcess proxy = NginxProcess.start(onRedis.server.port(), app.getAddress().getPort());
        try {
          String email = ServerHarness.email();
          String id = onRedis.register(email);
          Browser b = viaNginx(proxy);
          assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
          assertThat(b.get("/").body()).isEqualTo("user=" + id + " method=session scopes=null"); // nginx sends no header for an empty value
          redis.kill();
          Browser.Response r = b.get("/");
          assertThat(r.status()).as(r.body()).isEqualTo(503);
          assertThat(r.body()).doesNotContain("user=");
        } finally {
          proxy.close();
        }
      }
    }
  }
}
