package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.token.DenyList;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DenyList} must do. Extend it with a factory for your backend. */
public abstract class DenyListContract {
  protected MutableClock clock;
  protected DenyList denyList;

  protected abstract DenyList newDenyList(MutableClock clock);

  @BeforeEach
  void setUpDenyList() {
    clock = new MutableClock();
    denyList = newDenyList(clock);
  }

  @Test
  void deniedTokenStaysDeniedUntilItsExpiryThenReadsAsAbsent() {
    String jti = Tokens.random(16);
    denyList.deny(jti, clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(denyList.isDenied(jti)).isTrue();
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(denyList.isDenied(jti)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(denyList.isDenied(jti)).isFalse();
  }

  @Test
  void unknownTokenIsNotDenied() {
    assertThat(denyList.isDenied(Tokens.random(16))).isFalse();
  }

  @Test
  void denyingOneTokenLeavesOthersAlone() {
    String a = Tokens.random(16);
    denyList.deny(a, clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(denyList.isDenied(Tokens.random(16))).isFalse();
  }

  @Test
  void denyingTwiceKeepsTheLaterExpiry() {
    String jti = Tokens.random(16);
    denyList.deny(jti, clock.instant().plus(Duration.ofMinutes(10)));
    denyList.deny(jti, clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(5));
    assertThat(denyList.isDenied(jti)).isTrue();
  }

  @Test
  void purgeRemovesOnlyExpiredEntries() {
    String old = Tokens.random(16);
    String fresh = Tokens.random(16);
    denyList.deny(old, clock.instant().plus(Duration.ofMinutes(1)));
    denyList.deny(fresh, clock.instant().plus(Duration.ofMinutes(20)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(denyList.purgeExpired()).isGreaterThanOrEqualTo(1);
    assertThat(denyList.isDenied(fresh)).isTrue();
    assertThat(denyList.isDenied(old)).isFalse();
  }
}
