package dev.portcullis.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.error.StoreUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final TestClock clock = new TestClock();
  private final LoginThrottle throttle = new LoginThrottle(new InMemoryThrottleStore(clock), clock,
      new LoginThrottle.Limits(3, 10, Duration.ofMinutes(10)));

  private void fail(String email, String ip) {
    assertThat(throttle.evaluate(throttle.reserve(email, ip), () -> false)).isFalse();
  }

  private boolean succeed(String email, String ip) {
    return throttle.evaluate(throttle.reserve(email, ip), () -> true);
  }

  @Test
  void retryAfterIsEnoughToBeLetBackIn() {
    for (int i = 0; i < 3; i++) {
      fail("a@example.com", "1.1.1.1");
    }
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> throttle.reserve("a@example.com", "1.1.1.1"));
    clock.advance(e.retryAfter().minusSeconds(2));
    assertThatThrownBy(() -> throttle.reserve("a@example.com", "1.1.1.1")).isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(succeed("a@example.com", "1.1.1.1")).isTrue();
  }

  @Test
  void slidingWindowRemembersThePreviousBucket() {
    clock.advance(Duration.ofMinutes(9)); // late in a bucket
    for (int i = 0; i < 3; i++) {
      fail("b@example.com", "2.2.2.2");
    }
    clock.advance(Duration.ofMinutes(2)); // early in the next bucket: the failures still weigh ~80 %
    assertThatThrownBy(() -> throttle.reserve("b@example.com", "2.2.2.2")).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void successClearsTheAccountButNotTheIp() {
    for (int i = 0; i < 9; i++) {
      fail("c" + i + "@example.com", "3.3.3.3");
    }
    assertThat(succeed("c0@example.com", "3.3.3.3")).isTrue();
    fail("c0@example.com", "3.3.3.3"); // the tenth failure of the IP
    assertThatThrownBy(() -> throttle.reserve("c0@example.com", "3.3.3.3")).isInstanceOf(RateLimitedException.class);
    assertThat(succeed("c0@example.com", "4.4.4.4")).isTrue();
    assertThat(throttle.limits().perIp()).isEqualTo(10);
  }

  @Test
  void attemptsInFlightCountBeforeTheirPasswordIsChecked() {
    LoginThrottle.Attempt first = throttle.reserve("d@example.com", "5.5.5.5");
    throttle.reserve("d@example.com", "5.5.5.6");
    throttle.reserve("d@example.com", "5.5.5.7");
    // three checks under way: a fourth, even with the right password, is not let in
    assertThatThrownBy(() -> throttle.reserve("d@example.com", "5.5.5.8")).isInstanceOf(RateLimitedException.class);
    assertThat(throttle.evaluate(first, () -> true)).isTrue();
    assertThat(succeed("d@example.com", "5.5.5.8")).isTrue();
  }

  @Test
  void goodLoginsDoNotCountAgainstTheIp() {
    for (int i = 0; i < 25; i++) {
      assertThat(succeed("e" + i + "@example.com", "6.6.6.6")).isTrue();
    }
    for (int i = 0; i < 10; i++) {
      fail("f" + i + "@example.com", "6.6.6.6");
    }
    assertThatThrownBy(() -> throttle.reserve("g@example.com", "6.6.6.6")).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void anAccountAttemptRefusedByTheIpLimitIsGivenBack() {
    for (int i = 0; i < 10; i++) {
      fail("h" + i + "@example.com", "7.7.7.7");
    }
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> throttle.reserve("victim@example.com", "7.7.7.7")).isInstanceOf(RateLimitedException.class);
    }
    // the refused attempts left nothing on the account: three failures still fit from elsewhere
    for (int i = 0; i < 3; i++) {
      fail("victim@example.com", "8.8.8." + i);
    }
    assertThatThrownBy(() -> throttle.reserve("victim@example.com", "8.8.8.8")).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aCheckThatCannotFinishIsNotCountedAsAFailure() {
    for (int i = 0; i < 5; i++) {
      LoginThrottle.Attempt attempt = throttle.reserve("i@example.com", "9.9.9.9");
      assertThatThrownBy(() -> throttle.evaluate(attempt, () -> {
        throw new StoreUnavailableException("account store down", null);
      })).isInstanceOf(StoreUnavailableException.class);
    }
    for (int i = 0; i < 3; i++) {
      fail("i@example.com", "9.9.9.9");
    }
    assertThatThrownBy(() -> throttle.reserve("i@example.com", "9.9.9.9")).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void limitsTooLargeForExactArithmeticAreRefused() {
    assertThatThrownBy(() -> new LoginThrottle.Limits(Integer.MAX_VALUE, 50, Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
