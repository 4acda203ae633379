package dev.portcullis.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.csrf.OriginPolicy;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignInRedirectTest {
  static final OriginPolicy ORIGINS = new OriginPolicy(Set.of("https://other.example"), Optional.of("https://app.example"));
  static final SignInRedirect REDIRECT = new SignInRedirect(Optional.of("https://app.example/signin"), ORIGINS);

  @Test
  void aPathIsKeptAsTheReturnUrl() {
    assertThat(REDIRECT.location("/orders?id=7&x=%20"))
        .contains("https://app.example/signin?return_to=%2Forders%3Fid%3D7%26x%3D%2520");
  }

  @Test
  void aUrlOfThePublicOrAnAllowedOriginIsKept() {
    assertThat(REDIRECT.location("https://app.example/a")).contains("https://app.example/signin?return_to=https%3A%2F%2Fapp.example%2Fa");
    assertThat(REDIRECT.location("https://other.example:443/b")).isPresent().get().asString().contains("return_to=");
  }

  @ParameterizedTest(name = "no open redirect to {0}")
  @ValueSource(strings = {"https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)",
      "https://app.example@evil.example/", "http://app.example/", "data:text/html,x", "/a\r\nLocation: x", "relative"})
  void anyOtherReturnUrlIsDropped(String uri) {
    assertThat(REDIRECT.location(uri)).contains("https://app.example/signin");
  }

  @Test
  void withoutAPublicUrlOnlyAllowedOriginsCountNeverTheRequestsHost() {
    SignInRedirect r = new SignInRedirect(Optional.of("/signin?app=1"), new OriginPolicy(Set.of()));
    assertThat(r.location("http://localhost/x")).contains("/signin?app=1");
    assertThat(r.location("/x")).contains("/signin?app=1&return_to=%2Fx");
    assertThat(r.location(null)).contains("/signin?app=1");
  }

  @Test
  void noSignInUrlMeansNoRedirect() {
    assertThat(new SignInRedirect(Optional.empty(), ORIGINS).location("/x")).isEmpty();
  }
}
