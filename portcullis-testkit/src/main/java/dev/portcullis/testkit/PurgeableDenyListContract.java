package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.store.Purgeable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link DenyListContract} plus the purge ability, for a deny list that keeps expired entries
 * behind (SQL, memory) and so is {@link Purgeable}. A backend whose entries expire by themselves
 * (Redis TTLs) extends {@link DenyListContract} alone.
 */
public abstract class PurgeableDenyListContract extends DenyListContract {
  @Test
  void purgeRemovesOnlyExpiredEntries() {
    String old = Tokens.random(16);
    String fresh = Tokens.random(16);
    denyList.deny(old, clock.instant().plus(Duration.ofMinutes(1)));
    denyList.deny(fresh, clock.instant().plus(Duration.ofMinutes(20)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(Purging.purgeExpired(denyList)).isGreaterThanOrEqualTo(1);
    assertThat(denyList.isDenied(fresh)).isTrue();
    assertThat(denyList.isDenied(old)).isFalse();
  }

  @Test
  void purgeRemovesExpiredFamilyEntriesAndKeepsLiveOnes() {
    String old = Tokens.handle("f_");
    String fresh = Tokens.handle("f_");
    denyList.denyFamily(old, clock.instant().plus(Duration.ofMinutes(1)));
    denyList.denyFamily(fresh, clock.instant().plus(Duration.ofMinutes(20)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(Purging.purgeExpired(denyList)).isGreaterThanOrEqualTo(1);
    assertThat(denyList.isDenied(Tokens.random(16), fresh)).isTrue();
    assertThat(denyList.isDenied(Tokens.random(16), old)).isFalse();
  }
}
