package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookieAttributesIT {
  @Test
  void devModeCookieIsHttpOnlyLaxWithoutSecure() {
    try (ServerHarness h = ServerHarness.dev()) {
      String email = ServerHarness.email();
      h.register(email);
      Browser.Response r = h.browser().postJson("/v1/session/login",
          java.util.Map.of("email", email, "password", ServerHarness.PASSWORD));
      assertThat(r.setCookies()).hasSize(1);
      String c = r.setCookies().get(0);
      assertThat(c).startsWith("portcullis_session=").contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
          .doesNotContain("Secure").doesNotContain("Domain");
      assertThat(c).containsPattern("Max-Age=2592000");
    }
  }

  @Test
  void secureModeBehindAProxyUsesTheHostPrefixedSecureCookieAndForwardedAddress() {
    try (ServerHarness h = new ServerHarness(b -> b.dev(false).trustProxy(true))) {
      String email = ServerHarness.email();
      h.register(email);
      Browser b = h.browser().header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.9")
          .header("X-Forwarded-Host", "auth.example.com");
      Browser.Response r = b.login(email, ServerHarness.PASSWORD);
      assertThat(r.status()).isEqualTo(200);
      String c = r.setCookies().get(0);
      assertThat(c).startsWith("__Host-portcullis=")
          .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax").doesNotContain("Domain");
      assertThat(b.get("/v1/me").status()).isEqualTo(200);
      assertThat(b.get("/v1/sessions").json().get(0).get("ip").asText()).isEqualTo("203.0.113.9");
      // the proxy's public origin is this server's own origin
      assertThat(b.postJson("/v1/sessions/revoke-others", java.util.Map.of(), "X-CSRF-Token", b.csrf,
          "Origin", "https://auth.example.com").status()).isEqualTo(204);
      assertThat(b.postJson("/v1/sessions/revoke-others", java.util.Map.of(), "X-CSRF-Token", b.csrf,
          "Origin", "http://auth.example.com").status()).isEqualTo(403);
    }
  }

  @Test
  void withoutTrustProxyForwardedHeadersAreIgnored() {
    try (ServerHarness h = new ServerHarness(b -> b.dev(false))) {
      Browser b = h.loggedInSecure();
      assertThat(b.get("/v1/sessions").json().get(0).get("ip").asText()).isEqualTo("127.0.0.1");
    }
  }
}
