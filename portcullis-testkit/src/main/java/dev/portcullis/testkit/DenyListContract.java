package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.token.DenyList;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DenyList} must do, for single tokens ({@code jti}) and whole refresh families
 * ({@code sid}). Extend it with a factory for your backend.
 */
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
  void aDeniedFamilyDeniesEveryTokenCarryingItsSidUntilItsTimeThenNoLonger() {
    String family = Tokens.handle("f_");
    denyList.denyFamily(family, clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(denyList.isDenied(Tokens.random(16), family)).isTrue();
    assertThat(denyList.isDenied(Tokens.random(16), family)).isTrue();
    assertThat(denyList.isDenied(Tokens.random(16), Tokens.handle("f_"))).isFalse();
    assertThat(denyList.isDenied(Tokens.random(16), null)).isFalse();
    clock.advance(Duration.ofMinutes(15).minusMillis(1));
    assertThat(denyList.isDenied(Tokens.random(16), family)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(denyList.isDenied(Tokens.random(16), family)).isFalse();
  }

  @Test
  void aDeniedTokenStaysDeniedWhateverFamilyItNames() {
    String jti = Tokens.random(16);
    denyList.deny(jti, clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(denyList.isDenied(jti, Tokens.handle("f_"))).isTrue();
    assertThat(denyList.isDenied(jti, null)).isTrue();
  }

  @Test
  void tokenAndFamilyEntriesNeverStandInForEachOther() {
    String name = Tokens.handle("f_");
    denyList.denyFamily(name, clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(denyList.isDenied(name)).isFalse(); // a jti spelled like the family is not denied
    String other = Tokens.handle("f_");
    denyList.deny(other, clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(denyList.isDenied(Tokens.random(16), other)).isFalse(); // nor is a family spelled like a jti
  }

  @Test
  void denyingAFamilyTwiceKeepsTheLaterExpiry() {
    String family = Tokens.handle("f_");
    denyList.denyFamily(family, clock.instant().plus(Duration.ofMinutes(15)));
    denyList.denyFamily(family, clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(5));
    assertThat(denyList.isDenied(Tokens.random(16), family)).isTrue();
  }
}
