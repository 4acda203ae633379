package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.session.SessionPolicy;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import dev.portcullis.token.SigningAlgorithm;
import dev.portcullis.token.TokenPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static ServerConfig.Builder builder() {
    return ServerConfig.builder(Path.of("unused"));
  }

  @Test
  void publicOriginComesFromThePublicUrlElseTheIssuerElseNothing() {
    assertThat(builder().build().publicOrigin()).isEmpty();
    assertThat(builder().issuer("https://auth.example.com/tenant").build().publicOrigin()).contains("https://auth.example.com");
    assertThat(builder().issuer("https://auth.example.com").publicUrl("https://Login.example.com:8443/").build()
        .publicOrigin()).contains("https://login.example.com:8443");
  }

  @Test
  void aPublicUrlThatIsNoHttpUrlIsRefusedAtStart() {
    assertThatThrownBy(() -> builder().publicUrl("login.example.com").build()).hasMessageStartingWith("--public-url: ");
    assertThatThrownBy(() -> builder().publicUrl("https://login.example.com/?next=x").build())
        .hasMessageStartingWith("--public-url: ");
    assertThatThrownBy(() -> builder().issuer("urn:portcullis").build()).hasMessageStartingWith("--issuer");
  }

  @Test
  void whatIsLeftUnsetTakesTheDefaultsOfThePolicies() {
    ServerConfig config = builder().port(9000).build();
    assertThat(config.tokenPolicy()).isEqualTo(TokenPolicy.defaults("http://localhost:9000"));
    assertThat(config.issuerUrl()).isEqualTo("http://localhost:9000");
    assertThat(config.sessionPolicy()).isEqualTo(SessionPolicy.DEFAULT);
    assertThat(config.loginLimits()).isEqualTo(LoginThrottle.Limits.DEFAULT);
    assertThat(config.registerLimit()).isEqualTo(RegistrationThrottle.Limit.DEFAULT);
  }

  @Test
  void settingsReachTheirPolicies() {
    ServerConfig config = builder().issuer("https://auth.example.com").signingAlg(SigningAlgorithm.ES256)
        .accessTtl(Duration.ofMinutes(5)).refreshGrace(Duration.ofSeconds(30))
        .sessionIdle(Duration.ofHours(1)).loginLimitPerIp(7).build();
    assertThat(config.tokenPolicy().issuer()).isEqualTo("https://auth.example.com");
    assertThat(config.tokenPolicy().algorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(config.tokenPolicy().accessTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.tokenPolicy().refreshGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.sessionPolicy()).isEqualTo(new SessionPolicy(Duration.ofHours(1), SessionPolicy.DEFAULT.absolute()));
    assertThat(config.loginLimits().perIp()).isEqualTo(7);
    assertThat(config.loginLimits().perAccount()).isEqualTo(LoginThrottle.Limits.DEFAULT.perAccount());
  }

  @Test
  void theRefreshIdleTimeoutIsItsDefaultCappedAtTheRefreshLifetime() {
    assertThat(builder().refreshTtl(Duration.ofDays(7)).build().tokenPolicy().refreshIdle()).isEqualTo(Duration.ofDays(7));
    assertThat(builder().refreshTtl(Duration.ofDays(60)).build().tokenPolicy())
        .satisfies(p -> assertThat(p.refreshIdle()).isEqualTo(TokenPolicy.DEFAULT_REFRESH_IDLE))
        .satisfies(p -> assertThat(p.refreshAbsolute()).isEqualTo(Duration.ofDays(60)));
  }

  @Test
  void aValueItsPolicyRefusesIsReportedOnceWithTheFlagThatSetIt() {
    assertThatThrownBy(() -> builder().refreshGrace(Duration.ofMinutes(6)).build())
        .hasMessage("--refresh-grace: the refresh grace window must be between 0s and 5m");
    assertThatThrownBy(() -> builder().accessTtl(Duration.ofMinutes(16)).build())
        .hasMessage("--access-ttl: the access-token lifetime must be between 1s and 15m");
    assertThatThrownBy(() -> builder().sessionIdle(Duration.ofDays(31)).build())
        .hasMessageStartingWith("--session-idle / --session-absolute: ");
    assertThatThrownBy(() -> builder().registerLimitPerIp(0).build()).hasMessageStartingWith("--register-limit-ip: ");
  }

  @Test
  void sameSiteNoneIsOnlyAcceptedForAnHttpsSpaOnAnotherSite() {
    assertThatThrownBy(() -> builder().cookieSameSite("none").dev(true).allowedOrigins(java.util.Set.of("https://app.example.com"))
        .build()).hasMessageContaining("--cookie-samesite none needs HTTPS").hasMessageContaining("--dev");
    assertThatThrownBy(() -> builder().cookieSameSite("none").build())
        .hasMessageStartingWith("--cookie-samesite none is for a SPA on another site: set --allowed-origins");
    assertThatThrownBy(() -> builder().cookieSameSite("none").allowedOrigins(java.util.Set.of("http://app.example.com"))
        .build()).hasMessageContaining("'http://app.example.com' is not https");
    assertThatThrownBy(() -> builder().cookieSameSite("none").allowedOrigins(java.util.Set.of("https://app.example.com"))
        .publicUrl("http://auth.example.com").build()).hasMessageContaining("reach this server at http://auth.example.com");
    ServerConfig ok = builder().cookieSameSite("none").allowedOrigins(java.util.Set.of("https://app.example.com"))
        .publicUrl("https://auth.example.com").build();
    assertThat(ok.crossSiteCookie()).isTrue();
    assertThat(builder().build().crossSiteCookie()).isFalse();
  }
}
