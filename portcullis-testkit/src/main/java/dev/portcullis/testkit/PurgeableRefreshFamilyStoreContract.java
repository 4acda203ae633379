package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.store.Purgeable;
import dev.portcullis.token.RefreshFamily;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link RefreshFamilyStoreContract} plus the purge ability, for a store that keeps expired
 * families behind (SQL, memory) and so is {@link Purgeable}.
 */
public abstract class PurgeableRefreshFamilyStoreContract extends RefreshFamilyStoreContract {
  @Test
  void purgeRemovesExpiredFamiliesOnly() {
    RefreshFamily old = family(newUser());
    store.create(old);
    clock.advance(Duration.ofDays(10));
    RefreshFamily fresh = family(newUser());
    store.create(fresh);
    clock.advance(Duration.ofDays(5));
    assertThat(Purging.purgeExpired(store)).isGreaterThanOrEqualTo(1);
    assertThat(store.findById(fresh.id())).isPresent();
  }
}
