package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.InMemorySessionStore;
import dev.portcullis.session.SessionStore;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore(MutableClock clock) {
    return new InMemorySessionStore(clock);
  }

  @Test
  void purgeExpiredDropsOnlyExpiredSessions() {
    String user = newUser();
    created(user);
    clock.advance(IDLE.dividedBy(2));
    var later = created(user);
    clock.advance(IDLE.dividedBy(2));
    assertThat(((InMemorySessionStore) store).purgeExpired()).isEqualTo(1);
    assertThat(store.listByUser(user)).containsExactly(later);
  }
}
