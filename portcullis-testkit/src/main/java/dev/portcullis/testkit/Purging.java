package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.store.Purgeable;

/** The purge call of the {@code Purgeable…Contract} suites, failing clearly on a store without the ability. */
final class Purging {
  private Purging() {}

  static int purgeExpired(Object store) {
    assertThat(store).as("a store under a Purgeable contract").isInstanceOf(Purgeable.class);
    return ((Purgeable) store).purgeExpired();
  }
}
