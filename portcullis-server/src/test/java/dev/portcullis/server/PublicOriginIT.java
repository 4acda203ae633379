package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * With the public URL known ({@code --public-url}, else {@code --issuer}) an unsafe request's Origin
 * is compared with it and the allowed origins, never with the Host the client sent.
 */
class PublicOriginIT {
  private static final String APP = "https://app.example.com";

  @Test
  void withAnIssuerAForeignOriginIsRefusedWhateverHostItSends() {
    try (ServerHarness h = harness(b -> b.issuer("https://auth.example.com"))) {
      assertOnly(h, "https://auth.example.com");
    }
  }

  @Test
  void thePublicUrlWinsOverTheIssuer() {
    try (ServerHarness h = harness(b -> b.issuer("https://tokens.example.com").publicUrl("https://login.example.com/"))) {
      assertOnly(h, "https://login.example.com");
      assertThat(revokeOthers(h, h.loggedIn(), "https://tokens.example.com", null).status()).isEqualTo(403);
    }
  }

  /** The dev default, documented as a risk: without a public URL the Host header names the server. */
  @Test
  void withoutPublicUrlOrIssuerTheOwnOriginComesFromTheHostHeader() {
    try (ServerHarness h = harness(b -> b)) {
      assertThat(revokeOthers(h, h.loggedIn(), "http://evil", "evil").status()).isEqualTo(204);
      assertThat(revokeOthers(h, h.loggedIn(), "http://evil", null).status()).isEqualTo(403);
    }
  }

  private static void assertOnly(ServerHarness h, String publicOrigin) {
    Browser b = h.loggedIn();
    RawHttp.Response forged = revokeOthers(h, b, "http://evil", "evil");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.json().get("error").asText()).isEqualTo("csrf_failed");
    assertThat(revokeOthers(h, b, "https://evil.example", "evil.example").status()).isEqualTo(403);
    assertThat(revokeOthers(h, b, publicOrigin, "evil").status()).isEqualTo(204);
    assertThat(revokeOthers(h, b, publicOrigin + ":443", null).status()).isEqualTo(204);
    assertThat(revokeOthers(h, b, APP, null).status()).isEqualTo(204);
    // login is guarded by the same check
    String email = ServerHarness.email();
    h.register(email);
    RawHttp.Response login = new RawHttp(h.server.port()).send("POST", "/v1/session/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + ServerHarness.PASSWORD + "\"}",
        "Content-Type", "application/json", "Origin", "http://evil", "Host", "evil");
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.setCookies()).isEmpty();
  }

  /** An unsafe request of {@code b}'s session with the right CSRF token, this Origin and this Host (null: the real one). */
  private static RawHttp.Response revokeOthers(ServerHarness h, Browser b, String origin, String host) {
    String[] headers = {"Content-Type", "application/json", "Cookie", "portcullis_session=" + b.cookie("portcullis_session"),
        "X-CSRF-Token", b.csrf, "Origin", origin, "Host", host == null ? "127.0.0.1:" + h.server.port() : host};
    return new RawHttp(h.server.port()).send("POST", "/v1/sessions/revoke-others", "{}", headers);
  }

  private static ServerHarness harness(UnaryOperator<ServerConfig.Builder> customize) {
    return new ServerHarness(b -> customize.apply(b.allowedOrigins(Set.of(APP))));
  }
}
