package dev.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;

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
  void corsIsExactMatchOnly() {
    assertThat(policy.isAllowedCrossOrigin("https://app.example.com")).isTrue();
    assertThat(policy.isAllowedCrossOrigin("https://app.example.co")).isFalse();
    assertThat(policy.isAllowedCrossOrigin(null)).isFalse();
  }
}
