package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only a real browser can show about the session cookie's transport: its attributes as
 * Chromium stores them when the server is behind TLS, and CORS with credentials from a page of
 * another origin, which the browser itself allows or blocks.
 */
class BrowserTransportIT {
  @RegisterExtension
  final Chromiums chromiums = new Chromiums();

  /** A self-signed certificate for 127.0.0.1 and localhost, made with the system's openssl. */
  static Path[] testCertificate(Path dir) throws IOException, InterruptedException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl: %s", out).isTrue();
    return new Path[] {cert, key};
  }

  /**
   * RFC 6265bis §4.1.3.2: a {@code __Host-} cookie must be Secure, Path=/ and host-only; Chromium
   * refuses one that is not, so finding it stored with these attributes is the proof.
   */
  @Test
  void overHttpsTheHostPrefixedSessionCookieIsSecureHttpOnlyLaxAndHostOnly() throws Exception {
    Path dir = Files.createTempDirectory("portcullis-tls-");
    Path[] pem = testCertificate(dir);
    try (ServerHarness h = new ServerHarness(b -> b.dev(false).trustProxy(true));
        NginxProcess nginx = NginxProcess.tls(h.server.port(), pem[0], pem[1])) {
      String email = ServerHarness.email();
      h.register(email);
      String base = "https://127.0.0.1:" + nginx.port;
      ChromiumBrowser b = chromiums.open("tls", "--ignore-certificate-errors");
      b.go(base + "/account");
      assertThat(b.path()).startsWith("/signin");
      b.signIn(email, ServerHarness.PASSWORD, true);
      assertThat(b.path()).isEqualTo("/account");
      assertThat(b.find("#current-device").getText()).isEqualTo("This device");

      List<Map<String, Object>> cookies = b.cookies();
      Map<String, Object> session = cookies.stream().filter(c -> "__Host-portcullis".equals(c.get("name")))
          .findFirst().orElseThrow(() -> new AssertionError("no __Host-portcullis in " + cookies));
      assertThat(session).containsEntry("secure", true).containsEntry("httpOnly", true).containsEntry("sameSite", "Lax")
          .containsEntry("path", "/").containsEntry("domain", "127.0.0.1").containsEntry("session", false);
      assertThat(cookies).filteredOn(c -> "__Host-portcullis-csrf".equals(c.get("name")))
          .singleElement().satisfies(c -> assertThat(c).containsEntry("secure", true).containsEntry("httpOnly", true));

      // the dashboard works over TLS: a form post passes the Origin and CSRF checks, then sign out
      b.click("#revoke-others");
      assertThat(b.find("#notice").getText()).isEqualTo("Every other device is signed out.");
      b.click("header form.who button");
      assertThat(b.path()).isEqualTo("/signin?signed_out");
      assertThat(b.cookies()).noneMatch(c -> "__Host-portcullis".equals(c.get("name")));
    }
  }

  /** A page of its own on 127.0.0.1:port, for the cross-origin test. */
  static HttpServer appOrigin() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      byte[] body = "<!DOCTYPE html><title>app</title><p>an app on another origin</p>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    s.start();
    return s;
  }

  /** Runs {@code fetch} in the page shown and returns "status body" or "blocked: error". */
  static String fetch(ChromiumBrowser b, String url, String init) {
    return (String) b.driver().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], JSON.parse(arguments[1]))
          .then(r => r.text().then(t => done(r.status + ' ' + t)))
          .catch(e => done('blocked: ' + e));
        """, url, init);
  }

  /**
   * Fetch §3.2.5 (CORS protocol with credentials): the browser hands the answer to the page only
   * when Access-Control-Allow-Origin names that origin and Allow-Credentials is true; the server
   * says so for the --allowed-origins only, so any other origin's page cannot read or change anything.
   */
  @Test
  void aPageOfAnAllowedOriginCallsTheApiWithCredentialsAnyOtherIsBlocked() throws Exception {
    HttpServer allowed = appOrigin();
    HttpServer other = appOrigin();
    String allowedOrigin = "http://127.0.0.1:" + allowed.getAddress().getPort();
    try (ServerHarness h = new ServerHarness(b -> b.allowedOrigins(Set.of(allowedOrigin)))) {
      String email = ServerHarness.email();
      h.register(email);
      ChromiumBrowser b = chromiums.open("cors");
      b.go(h.base + "/signin");
      b.signIn(email, ServerHarness.PASSWORD, false);
      assertThat(b.path()).isEqualTo("/");

      b.go(allowedOrigin + "/");
      String session = fetch(b, h.base + "/v1/session", "{\"credentials\":\"include\"}");
      assertThat(session).startsWith("200 ").contains("\"csrf_token\"");
      String csrf = session.replaceAll(".*\"csrf_token\":\"([^\"]+)\".*", "$1");
      String created = fetch(b, h.base + "/v1/api-keys", "{\"credentials\":\"include\",\"method\":\"POST\","
          + "\"headers\":{\"Content-Type\":\"application/json\",\"X-CSRF-Token\":\"" + csrf + "\"},"
          + "\"body\":\"{\\\"name\\\":\\\"from the app\\\"}\"}");
      assertThat(created).startsWith("201 ").contains("pcl_ak_");

      b.go("http://127.0.0.1:" + other.getAddress().getPort() + "/");
      assertThat(fetch(b, h.base + "/v1/session", "{\"credentials\":\"include\"}")).startsWith("blocked: TypeError");
      assertThat(fetch(b, h.base + "/v1/api-keys", "{\"credentials\":\"include\",\"method\":\"POST\","
          + "\"headers\":{\"Content-Type\":\"application/json\",\"X-CSRF-Token\":\"" + csrf + "\"},"
          + "\"body\":\"{\\\"name\\\":\\\"from elsewhere\\\"}\"}")).startsWith("blocked: TypeError");

      b.go(h.base + "/account/keys");
      assertThat(b.find("#keys").getText()).contains("from the app").doesNotContain("from elsewhere");
    } finally {
      allowed.stop(0);
      other.stop(0);
    }
  }
}
