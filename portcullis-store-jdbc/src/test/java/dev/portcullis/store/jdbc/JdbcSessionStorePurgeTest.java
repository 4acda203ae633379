package dev.portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.Session;
import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcSessionStorePurgeTest {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();
  private final MutableClock clock = new MutableClock();
  private JdbcSessionStore store;

  @BeforeEach
  void openStore() {
    store = new JdbcSessionStore(db.dataSource(), clock);
  }

  @Test
  void purgeExpiredDeletesOnlyExpiredRowsAndCountsThem() {
    TestAccounts.insert(db.dataSource(), "u_1");
    store.create(session("u_1", Duration.ofMinutes(10)));
    store.create(session("u_1", Duration.ofMinutes(20)));
    Session longLived = session("u_1", Duration.ofHours(1));
    store.create(longLived);
    clock.advance(Duration.ofMinutes(30));
    assertThat(store.purgeExpired()).isEqualTo(2);
    assertThat(store.purgeExpired()).isZero();
    assertThat(store.listByUser("u_1")).containsExactly(longLived);
  }

  @Test
  void deletingTheAccountDeletesItsSessions() throws Exception {
    TestAccounts.insert(db.dataSource(), "u_2");
    Session s = session("u_2", Duration.ofHours(1));
    store.create(s);
    db.execute("DELETE FROM accounts WHERE id = 'u_2'");
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
  }

  private Session session(String userId, Duration ttl) {
    Instant now = clock.instant();
    return new Session("s_" + UUID.randomUUID(), userId, "h_" + UUID.randomUUID(), now, now, now,
        now.plus(ttl), now.plus(Duration.ofDays(1)), 0, 0, null, null);
  }
}
