package dev.portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.TestClock;
import dev.portcullis.store.ChangeCounters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two "instances" over one client store and one set of counters: a deletion through B is seen by A at its next read. */
class CachingClientStoreTest {
  private final TestClock clock = new TestClock();
  private final InMemoryClientStore inner = new InMemoryClientStore();
  private final AtomicInteger reads = new AtomicInteger();
  private final ClientStore db = new ClientStore() {
    @Override public void create(Client c) { inner.create(c); }
    @Override public Optional<Client> findById(String id) { reads.incrementAndGet(); return inner.findById(id); }
    @Override public List<Client> list() { return inner.list(); }
    @Override public boolean delete(String id) { return inner.delete(id); }
  };
  private final ChangeCounters counters = ChangeCounters.inProcess();
  private final CachingClientStore a = new CachingClientStore(db, counters, clock, Duration.ofSeconds(60));
  private final CachingClientStore b = new CachingClientStore(db, counters, clock, Duration.ofSeconds(60));

  @Test
  void readsComeFromMemoryUntilTheClientIsDeletedOnAnyInstance() {
    Client c = new Client("c_1", "svc", ClientType.SERVICE, "hash", null, Set.of("orders:read"), clock.instant(),
        List.of(), Set.of(GrantType.CLIENT_CREDENTIALS), Client.AUTH_SECRET_BASIC, true);
    b.create(c);
    assertThat(a.findById("c_1")).contains(c);
    int before = reads.get();
    for (int i = 0; i < 20; i++) {
      assertThat(a.findById("c_1")).contains(c);
    }
    assertThat(reads.get()).isEqualTo(before);
    assertThat(b.delete("c_1")).isTrue();
    assertThat(a.findById("c_1")).as("A, next read").isEmpty();
    assertThat(a.findById("nobody")).isEmpty();
  }
}
