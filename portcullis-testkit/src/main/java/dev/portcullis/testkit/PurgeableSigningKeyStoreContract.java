package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.store.Purgeable;
import dev.portcullis.token.SigningKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SigningKeyStoreContract} plus the purge ability, for a store that keeps keys past their
 * publication window behind (SQL, memory) and so is {@link Purgeable}.
 */
public abstract class PurgeableSigningKeyStoreContract extends SigningKeyStoreContract {
  @Test
  void purgeDeletesOnlyKeysPastTheirWindow() {
    SigningKey old = key();
    SigningKey active = key();
    store.insert(old);
    store.insert(active);
    store.retire(old.kid(), clock.instant(), clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(Purging.purgeExpired(store)).isEqualTo(1);
    List<SigningKey> left = store.list();
    assertThat(left).extracting(SigningKey::kid).containsExactly(active.kid());
  }

  /** On a store with the ability, the withdrawn keys are then purged, retired or not. */
  @Override
  @Test
  void withdrawUnpublishesAKeyAtOnceWhetherOrNotItWasRetired() {
    super.withdrawUnpublishesAKeyAtOnceWhetherOrNotItWasRetired();
    assertThat(Purging.purgeExpired(store)).isEqualTo(2);
  }
}
