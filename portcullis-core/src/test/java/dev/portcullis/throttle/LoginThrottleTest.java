package dev.portcullis.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import dev.portcullis.error.RateLimitedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final TestClock clock = new TestClock();
  private final LoginThrottle throttle = new LoginThrottle(new InMemoryThrottleStore(clock), clock,
      new LoginThrottle.Limits(3, 10, Duration.ofMinutes(10)));

  @Test
  void retryAfterIsEnoughToBeLetBackIn() {
    for (int i = 0; i < 3; i++) {
      throttle.recordFailure("a@example.com", "1.1.1.1");
    }
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> throttle.check("a@example.com", "1.1.1.1"));
    clock.advance(e.retryAfter().minusSeconds(2));
    assertThatThrownBy(() -> throttle.check("a@example.com", "1.1.1.1")).isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofSeconds(2));
    throttle.check("a@example.com", "1.1.1.1");
  }

  @Test
  void slidingWindowRemembersThePreviousBucket() {
    clock.advance(Duration.ofMinutes(9)); // late in a bucket
    for (int i = 0; i < 3; i++) {
      throttle.recordFailure("b@example.com", "2.2.2.2");
    }
    clock.advance(Duration.ofMinutes(2)); // early in the next bucket: the failures still weigh ~80 %
    assertThatThrownBy(() -> throttle.check("b@example.com", "2.2.2.2")).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void successClearsTheAccountButNotTheIp() {
    for (int i = 0; i < 10; i++) {
      throttle.recordFailure("c" + i + "@example.com", "3.3.3.3");
    }
    throttle.recordSuccess("c0@example.com");
    assertThatThrownBy(() -> throttle.check("c0@example.com", "3.3.3.3")).isInstanceOf(RateLimitedException.class);
    throttle.check("c0@example.com", "4.4.4.4");
    assertThat(throttle.limits().perIp()).isEqualTo(10);
  }
}
