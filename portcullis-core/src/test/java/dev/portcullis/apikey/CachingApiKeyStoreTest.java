package dev.portcullis.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import dev.portcullis.apikey.ApiKeyService.Created;
import dev.portcullis.apikey.InvalidApiKeyException.Reason;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.store.ChangeCounters;
import dev.portcullis.throttle.InMemoryThrottleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two "instances" (two services, each with its own cache) over one key store and one set of change
 * counters: a key kept in memory by A is refused by A at its next use once B revoked or rotated it.
 */
class CachingApiKeyStoreTest {
  private static final Device DEVICE = new Device("203.0.113.9", "curl/8");
  private final TestClock clock = new TestClock();
  private final CountingStore db = new CountingStore();
  private final ChangeCounters counters = ChangeCounters.inProcess();
  private final InMemoryThrottleStore throttle = new InMemoryThrottleStore(clock);
  private final ApiKeyService a = service();
  private final ApiKeyService b = service();

  private ApiKeyService service() {
    return new ApiKeyService(new CachingApiKeyStore(db, counters, clock, Duration.ofMinutes(10)), throttle,
        new InMemoryAuditLog(), clock, ApiKeyPolicy.DEFAULT);
  }

  private static Principal owner() {
    return new Principal("u_1", "session", Set.of(), Set.of(), "s_1", null);
  }

  private Reason refusalOnA(String key) {
    return catchThrowableOfType(InvalidApiKeyException.class, () -> a.authenticate(key, DEVICE)).reason();
  }

  @Test
  void usesAreServedFromMemoryAndARevocationThroughBIsFeltByAAtTheNextUse() {
    Created c = b.create("u_1", "ci", List.of("orders:read"), Optional.empty(), DEVICE);
    a.authenticate(c.key(), DEVICE); // records the first use, which is announced
    a.authenticate(c.key(), DEVICE); // re-reads it once
    int reads = db.reads.get();
    for (int i = 0; i < 50; i++) {
      a.authenticate(c.key(), DEVICE);
    }
    assertThat(db.reads.get()).as("no store read per use").isEqualTo(reads);

    b.revoke(owner(), c.apiKey().id(), DEVICE);
    assertThat(refusalOnA(c.key())).isEqualTo(Reason.REVOKED);
  }

  @Test
  void aRotationThroughBWithoutGraceRetiresTheKeyOnAAtTheNextUse() {
    Created c = b.create("u_1", "ci", List.of("orders:read"), Optional.empty(), DEVICE);
    a.authenticate(c.key(), DEVICE);
    Created successor = b.rotate("u_1", c.apiKey().id(), Optional.of(Duration.ZERO), DEVICE);
    assertThat(refusalOnA(c.key())).isEqualTo(Reason.RETIRED);
    assertThat(a.authenticate(successor.key(), DEVICE).apiKey().id()).isEqualTo(successor.apiKey().id());
  }

  @Test
  void aRecordedLastUseIsSeenByTheOtherInstanceAndCostsOneReadPerInterval() {
    Created c = b.create("u_1", "ci", List.of("orders:read"), Optional.empty(), DEVICE);
    a.authenticate(c.key(), DEVICE); // records the first use, which is announced
    a.authenticate(c.key(), DEVICE); // re-reads it once
    int reads = db.reads.get();
    clock.advance(Duration.ofMinutes(5));
    a.authenticate(c.key(), DEVICE); // from memory; records again (the interval passed)
    for (int i = 0; i < 20; i++) {
      a.authenticate(c.key(), DEVICE);
    }
    assertThat(db.reads.get()).as("one re-read after the recorded use").isEqualTo(reads + 1);
    assertThat(b.list("u_1").get(0).lastUsedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aUseFromMemoryBringsTheOwnersAccountCounterAlongAndAMissBringsNone() {
    Created c = b.create("u_1", "ci", List.of("orders:read"), Optional.empty(), DEVICE);
    CachingApiKeyStore store = new CachingApiKeyStore(db, counters, clock, Duration.ofMinutes(10));
    assertThat(store.findForUse(c.apiKey().id()).orElseThrow().accountCounter()).as("a miss").isEmpty();
    assertThat(store.findForUse(c.apiKey().id()).orElseThrow().accountCounter())
        .isEqualTo(counters.current("a:u_1"));
    counters.advance("a:u_1"); // the owner's account changed
    assertThat(store.findForUse(c.apiKey().id()).orElseThrow().accountCounter())
        .isEqualTo(counters.current("a:u_1"));
    assertThat(store.findForUse("nope")).isEmpty();
  }

  /** The in-memory store, counting reads by id. */
  private static final class CountingStore implements ApiKeyStore {
    final InMemoryApiKeyStore inner = new InMemoryApiKeyStore();
    final AtomicInteger reads = new AtomicInteger();

    @Override public void create(ApiKey key) { inner.create(key); }
    @Override public Optional<ApiKey> findById(String id) { reads.incrementAndGet(); return inner.findById(id); }
    @Override public List<ApiKey> listByUser(String userId) { return inner.listByUser(userId); }
    @Override public boolean rotate(String id, ApiKey s, Instant at, Instant retireAt) { return inner.rotate(id, s, at, retireAt); }
    @Override public boolean revoke(String id, Instant at) { return inner.revoke(id, at); }
    @Override public boolean touch(String id, Instant at, Instant staleAt) { return inner.touch(id, at, staleAt); }
    @Override public int purgeEndedBefore(Instant cutoff) { return inner.purgeEndedBefore(cutoff); }
  }
}
