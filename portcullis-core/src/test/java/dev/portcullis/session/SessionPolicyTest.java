package dev.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {
  private static Duration touchInterval(Duration idle) {
    return new SessionPolicy(idle, Duration.ofDays(30)).touchInterval();
  }

  @Test
  void touchIntervalIsATenthOfTheIdleTimeoutCappedAtAMinute() {
    assertThat(touchInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(200));
    assertThat(touchInterval(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
    assertThat(touchInterval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1));
    assertThat(touchInterval(Duration.ofDays(7))).isEqualTo(Duration.ofMinutes(1));
    assertThat(SessionPolicy.DEFAULT.touchInterval()).isEqualTo(Duration.ofMinutes(1));
  }
}
