package dev.portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.token.RefreshFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The foreign keys of refresh_families: deleting the account or the client ends the login. */
class JdbcRefreshFamilyStoreCascadeTest {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();
  private final MutableClock clock = new MutableClock();
  private JdbcRefreshFamilyStore store;

  @BeforeEach
  void openStore() {
    store = new JdbcRefreshFamilyStore(db.dataSource(), clock);
  }

  @Test
  void deletingTheAccountDeletesItsFamilies() throws Exception {
    TestAccounts.insert(db.dataSource(), "u_1");
    TestClients.insert(db.dataSource(), TestClients.CLIENT_ID);
    RefreshFamily f = family("u_1");
    store.create(f);
    db.execute("DELETE FROM accounts WHERE id = 'u_1'");
    assertThat(store.findById(f.id())).isEmpty();
  }

  @Test
  void deletingTheClientDeletesItsFamilies() throws Exception {
    TestAccounts.insert(db.dataSource(), "u_2");
    TestClients.insert(db.dataSource(), TestClients.CLIENT_ID);
    RefreshFamily f = family("u_2");
    store.create(f);
    new JdbcClientStore(db.dataSource(), clock).delete(TestClients.CLIENT_ID);
    assertThat(store.findById(f.id())).isEmpty();
  }

  private RefreshFamily family(String userId) {
    Instant now = clock.instant();
    return new RefreshFamily(Tokens.handle("f_"), userId, TestClients.CLIENT_ID, Set.of("read"), 0,
        Tokens.sha256(Tokens.secret256()), null, null, null, now, now, now.plus(Duration.ofDays(14)),
        now.plus(Duration.ofDays(30)), null, null);
  }
}
