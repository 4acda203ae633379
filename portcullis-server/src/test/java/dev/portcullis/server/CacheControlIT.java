package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9111 §5.2.2.5: nothing an auth server answers about users, sessions or tokens may be stored
 * by a cache. One after-filter marks every answer no-store, errors included; only the JWKS, public
 * by design, says otherwise (RFC 6749 §5.1 adds Pragma on the token endpoint).
 */
class CacheControlIT {
  @RegisterExtension
  static final DevServer h = new DevServer();

  @Test
  void everyAnswerIsNoStoreWhetherItSucceedsOrFails() {
    Browser b = h.loggedIn();
    assertThat(b.get("/v1/me").header("Cache-Control")).isEqualTo("no-store");
    assertThat(b.get("/v1/session").header("Cache-Control")).isEqualTo("no-store");
    assertThat(b.get("/v1/sessions").header("Cache-Control")).isEqualTo("no-store");
    assertThat(h.browser().get("/v1/me").header("Cache-Control")).as("401").isEqualTo("no-store");
    assertThat(h.browser().get("/no/such/route").header("Cache-Control")).as("404").isEqualTo("no-store");
    assertThat(h.browser().postJson("/v1/register", Map.of("email", "x")).header("Cache-Control")).as("400")
        .isEqualTo("no-store");
    assertThat(h.browser().get("/healthz").header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void theTokenEndpointAddsPragmaAndTheJwksStaysCacheable() {
    Browser.Response token = h.browser().postRaw("/v1/token",
        "grant_type=client_credentials&client_id=no-such-client", "application/x-www-form-urlencoded");
    assertThat(token.header("Cache-Control")).isEqualTo("no-store");
    assertThat(token.header("Pragma")).isEqualTo("no-cache");
    assertThat(h.browser().get("/.well-known/jwks.json").header("Cache-Control")).startsWith("public, max-age=");
  }
}
