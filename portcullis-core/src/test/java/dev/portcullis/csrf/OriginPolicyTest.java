package dev.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  private final OriginPolicy policy = new OriginPolicy(Set.of("https://app.example.com"));

  @Test
  void ownAndAllowedOriginsPassOthersAreRefused() {
    assertThat(policy.refuse("https://auth.example.com", null, "https://auth.example.com")).isNull();
    assertThat(policy.refuse("https://APP.example.com/", null, "https://auth.example.com")).isNull();
    assertThat(policy.refuse("https://auth.example.com:443", null, "https://auth.example.com")).isNull();
    assertThat(policy.refuse("https://evil.example", null, "https://auth.example.com")).contains("foreign Origin");
    assertThat(policy.refuse("http://auth.example.com", null, "https://auth.example.com")).isNotNull();
    assertThat(policy.refuse("https://app.example.com.evil.example", null, "https://auth.example.com")).isNotNull();
    assertThat(policy.refuse("null", null, "https://auth.example.com")).isNotNull();
  }

  @Test
  void withoutOriginOnlyCrossSiteFetchMetadataIsRefused() {
    assertThat(policy.refuse(null, null, "https://auth.example.com")).isNull();
    assertThat(policy.refuse(null, "same-origin", "https://auth.example.com")).isNull();
    assertThat(policy.refuse(null, "none", "https://auth.example.com")).isNull();
    assertThat(policy.refuse(null, "cross-site", "https://auth.example.com")).isNotNull();
  }

  @Test
  void withAPublicOriginTheRequestsHostNoLongerDecides() {
    OriginPolicy known = new OriginPolicy(Set.of("https://app.example.com"), Optional.of("https://auth.example.com"));
    // Origin and Host both "evil": the request names itself; only the configured origin counts
    assertThat(known.refuse("http://evil", null, "http://evil")).contains("foreign Origin");
    assertThat(known.refuse("https://auth.example.com", null, "http://evil")).isNull();
    assertThat(known.refuse("https://auth.example.com:443", null, "http://127.0.0.1:8080")).isNull();
    assertThat(known.refuse("https://app.example.com", null, "http://evil")).isNull();
    assertThat(known.refuse("http://auth.example.com", null, "http://auth.example.com")).isNotNull();
  }

  @Test
  void originOfAPublicUrlKeepsSchemeHostAndPort() {
    assertThat(OriginPolicy.originOf("https://Auth.Example.com/portcullis/")).isEqualTo("https://auth.example.com");
    assertThat(OriginPolicy.originOf("https://auth.example.com:443")).isEqualTo("https://auth.example.com");
    assertThat(OriginPolicy.originOf("https://auth.example.com:8443/")).isEqualTo("https://auth.example.com:8443");
    assertThat(OriginPolicy.originOf("http://[::1]:8080")).isEqualTo("http://[::1]:8080");
    for (String bad : List.of("auth.example.com", "ftp://auth.example.com", "https://user:pw@auth.example.com",
        "https://auth.example.com/?q=1", "https://auth.example.com/#top", "https:///path", "not a url", "")) {
      assertThatThrownBy(() -> OriginPolicy.originOf(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void corsIsExactMatchOnly() {
    assertThat(policy.isAllowedCrossOrigin("https://app.example.com")).isTrue();
    assertThat(policy.isAllowedCrossOrigin("https://app.example.co")).isFalse();
    assertThat(policy.isAllowedCrossOrigin(null)).isFalse();
  }
}
