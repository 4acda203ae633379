package dev.portcullis.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.store.Purgeable;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.InMemoryDenyList;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The purge loop: every store that keeps expired records behind, each on its own. */
class HousekeepingTest {
  final MutableClock clock = new MutableClock();

  @Test
  void aRoundPurgesEveryStoreEvenWhenOneOfThemFails() {
    InMemoryDenyList denyList = new InMemoryDenyList(clock);
    denyList.deny("jti-1", clock.instant().plus(Duration.ofMinutes(1)));
    InMemoryDenyList later = new InMemoryDenyList(clock);
    later.deny("jti-2", clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    Map<String, Purgeable> stores = new LinkedHashMap<>();
    stores.put("deny-list entries", denyList);
    stores.put("broken", () -> {
      throw new IllegalStateException("store down");
    });
    stores.put("more deny-list entries", later);

    try (Housekeeping housekeeping = Housekeeping.start(stores)) {
      housekeeping.purgeAll();
    }

    assertThat(denyList.purgeExpired()).as("already purged").isZero();
    assertThat(later.purgeExpired()).as("purged after the broken store").isZero();
  }
}
