package dev.portcullis.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestQuotaTest {
  private final TestClock clock = new TestClock(); // starts on a whole minute
  private final RequestQuota quota = new RequestQuota(new InMemoryThrottleStore(clock), clock);
  private final RequestQuota.Limit tenPerMinute = new RequestQuota.Limit(10, Duration.ofMinutes(1));

  @Test
  void remainingCountsDownAndResetIsTheEndOfTheBucket() {
    clock.advance(Duration.ofSeconds(15));
    RequestQuota.Usage first = quota.consume("k", tenPerMinute);
    assertThat(first.remaining()).isEqualTo(9);
    assertThat(first.resetSeconds()).isEqualTo(45);
    for (int i = 0; i < 8; i++) {
      quota.consume("k", tenPerMinute);
    }
    assertThat(quota.consume("k", tenPerMinute).remaining()).isZero();
  }

  @Test
  void previousBucketStillWeighsInRemaining() {
    for (int i = 0; i < 10; i++) {
      quota.consume("k", tenPerMinute);
    }
    clock.advance(Duration.ofSeconds(90)); // half of the previous bucket still in the window: 5 weigh
    RequestQuota.Usage u = quota.consume("k", tenPerMinute);
    assertThat(u.remaining()).isEqualTo(4);
  }

  @Test
  void aRefusedRequestCountsNothingAndSaysWhenToComeBack() {
    for (int i = 0; i < 10; i++) {
      quota.consume("k", tenPerMinute);
    }
    QuotaExceededException e = catchThrowableOfType(QuotaExceededException.class, () -> quota.consume("k", tenPerMinute));
    assertThat(e.usage().remaining()).isZero();
    assertThat(e.usage().resetSeconds()).isEqualTo(e.retryAfter().toSeconds());
    assertThat(e.code()).isEqualTo("rate_limited");
    clock.advance(e.retryAfter().minusSeconds(2));
    assertThatThrownBy(() -> quota.consume("k", tenPerMinute)).isInstanceOf(QuotaExceededException.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(quota.consume("k", tenPerMinute).remaining()).isZero();
    assertThat(quota.consume("other", tenPerMinute).remaining()).isEqualTo(9);
  }

  @Test
  void limitsOutsideWhatTheStoreCanCountExactlyAreRefused() {
    assertThatThrownBy(() -> new RequestQuota.Limit(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestQuota.Limit(5, Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestQuota.Limit(5, Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestQuota.Limit(Integer.MAX_VALUE, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
