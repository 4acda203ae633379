package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RateLimitIT {
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.trustProxy(true).loginLimits(5, 8, Duration.ofMinutes(15)));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static Browser.Response attempt(String email, String password, String ip) {
    return h.browser().postJson("/v1/session/login", Map.of("email", email, "password", password),
        "X-Forwarded-For", ip);
  }

  @Test
  void accountIsThrottledAfterFiveFailuresWithRetryAfterAndRecoversWhenTheWindowSlides() {
    String email = ServerHarness.email();
    h.register(email);
    for (int i = 0; i < 5; i++) {
      assertThat(attempt(email, "wrong password " + i, "10.0.0." + i).status()).isEqualTo(401);
    }
    Browser.Response limited = attempt(email, ServerHarness.PASSWORD, "10.0.1.1");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("rate_limited");
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 30L * 60);

    h.clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(attempt(email, ServerHarness.PASSWORD, "10.0.1.1").status()).isEqualTo(200);
  }

  @Test
  void ipIsThrottledAcrossAccounts() {
    String ip = "192.0.2.77";
    for (int i = 0; i < 8; i++) {
      assertThat(attempt(ServerHarness.email(), "wrong password", ip).status()).isEqualTo(401);
    }
    String email = ServerHarness.email();
    h.register(email);
    Browser.Response r = attempt(email, ServerHarness.PASSWORD, ip);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isNotNull();
    // another address is not affected
    assertThat(attempt(email, ServerHarness.PASSWORD, "192.0.2.78").status()).isEqualTo(200);
  }

  @Test
  void rateLimitingIsAudited() {
    String email = ServerHarness.email();
    h.register(email);
    for (int i = 0; i < 6; i++) {
      attempt(email, "wrong password", "10.9.9." + i);
    }
    Browser.Response audit = h.admin().get("/v1/admin/audit?type=rate_limited&limit=5");
    assertThat(audit.json().size()).isGreaterThanOrEqualTo(1);
    assertThat(h.browser().get("/metrics").body()).contains("portcullis_rate_limited_total");
  }

  @Test
  void unknownEmailAndWrongPasswordAnswerTheSame() {
    String email = ServerHarness.email();
    h.register(email);
    Browser.Response wrong = attempt(email, "not the password", "10.1.1.1");
    Browser.Response unknown = attempt(ServerHarness.email(), "not the password", "10.1.1.2");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(unknown.body());
    assertThat(wrong.error()).isEqualTo("invalid_credentials");
  }
}
