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
  private int purgeExpired() {
    assertThat(store).as("a store under this contract").isInstanceOf(Purgeable.class);
    return ((Purgeable) store).purgeExpired();
  }

  @Test
  void purgeDeletesOnlyKeysPastTheirWindow() {
    SigningKey old = key();
    SigningKey active = key();
    store.insert(old);
    store.insert(active);
    store.retire(old.kid(), clock.instant(), clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    assertThat(purgeExpired()).isEqualTo(1);
    List<SigningKey> left = store.list();
    assertThat(left).extracting(SigningKey::kid).containsExactly(active.kid());
  }

  @Test
  void purgeDeletesWithdrawnKeysWhetherOrNotTheyWereRetired() {
    SigningKey retired = key();
    SigningKey active = key();
    SigningKey other = key();
    store.insert(retired);
    store.insert(active);
    store.insert(other);
    store.retire(retired.kid(), clock.instant(), clock.instant().plus(Duration.ofMinutes(16)));
    store.withdraw(retired.kid(), clock.instant());
    store.withdraw(active.kid(), clock.instant());
    assertThat(purgeExpired()).isEqualTo(2);
    assertThat(store.list()).extracting(SigningKey::kid).containsExactly(other.kid());
  }
}
