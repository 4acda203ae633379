package dev.portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What may be registered as a redirect URI (RFC 8252 §7, §8.3) and when a request matches (RFC 9700 §2.1). */
class RedirectUrisTest {
  @Test
  void nativeAppsMayRegisterLoopbackClaimedHttpsAndReverseDomainSchemes() {
    for (String ok : List.of("http://127.0.0.1/callback", "http://127.0.0.1:8400/cb", "http://[::1]/cb",
        "https://app.example.com/oauth/cb", "com.example.app:/oauth2redirect", "com.example.app:/cb?x=1")) {
      assertThat(RedirectUris.refusal(ClientType.MOBILE, ok)).as(ok).isNull();
    }
  }

  @Test
  void dangerousOrAmbiguousUrisAreRefused() {
    for (String bad : List.of("http://localhost/cb", "http://app.example.com/cb", "javascript:alert(1)",
        "data:text/html,x", "file:///etc/passwd", "myapp:/cb", "/relative/cb", "https://app.example/cb#frag",
        "https://user@app.example/cb", "https://app.example/c b", "https:///nohost", "")) {
      assertThat(RedirectUris.refusal(ClientType.MOBILE, bad)).as(bad).isNotNull();
    }
    assertThat(RedirectUris.refusal(ClientType.BROWSER, "com.example.app:/cb"))
        .as("a browser app has no private-use scheme").isNotNull();
  }

  @Test
  void matchingIsExactExceptTheLoopbackPort() {
    assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example/cb")).isTrue();
    assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example/cb/")).isFalse();
    assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example/cb?x=1")).isFalse();
    assertThat(RedirectUris.matches("https://app.example/cb", "https://APP.example/cb")).isFalse();
    assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example:8443/cb")).isFalse();
    assertThat(RedirectUris.matches("com.example.app:/cb", "com.example.app:/cb2")).isFalse();
    // RFC 8252 §7.3: any port on a loopback IP literal, everything else exact
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb")).isTrue();
    assertThat(RedirectUris.matches("http://127.0.0.1:8400/cb", "http://127.0.0.1:51234/cb")).isTrue();
    assertThat(RedirectUris.matches("http://[::1]/cb", "http://[::1]:6000/cb")).isTrue();
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb2")).isFalse();
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb#x")).isFalse();
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://[::1]:51234/cb")).isFalse();
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.2:51234/cb")).isFalse();
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "https://127.0.0.1/cb")).isFalse();
    assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://x@127.0.0.1:5/cb")).isFalse();
  }
}
