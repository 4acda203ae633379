package dev.portcullis.apikey;

import static dev.portcullis.apikey.ApiKeyServiceTest.DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import dev.portcullis.apikey.ApiKeyService.Created;
import dev.portcullis.apikey.InvalidApiKeyException.Reason;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.QuotaExceededException;
import dev.portcullis.throttle.RequestQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an authentication costs the store: lookups, last-used writes, and the per-key quota. */
class ApiKeyAuthenticationTest {
  private final TestClock clock = new TestClock();
  private final CountingApiKeyStore store = new CountingApiKeyStore();
  private final InMemoryThrottleStore throttle = new InMemoryThrottleStore(clock);
  private final ApiKeyPolicy policy = ApiKeyPolicy.DEFAULT.withRateLimit(new RequestQuota.Limit(1000, Duration.ofMinutes(1)));
  private final ApiKeyService keys = new ApiKeyService(store, throttle, new InMemoryAuditLog(), clock, policy);

  private Created create() {
    return keys.create("u_1", "k", List.of(), Optional.empty(), DEVICE);
  }

  @Test
  void lastUsedIsWrittenAtMostOncePerIntervalNeverOncePerRequest() {
    Created c = create();
    for (int i = 0; i < 100; i++) {
      keys.authenticate(c.key(), DEVICE);
    }
    assertThat(store.touches).hasValue(1);
    assertThat(store.findById(c.apiKey().id()).orElseThrow().lastUsedAt()).isEqualTo(clock.instant());
    clock.advance(policy.lastUsedInterval().minusMillis(1));
    keys.authenticate(c.key(), DEVICE);
    assertThat(store.touches).hasValue(1);
    clock.advance(Duration.ofMillis(1));
    for (int i = 0; i < 100; i++) {
      keys.authenticate(c.key(), DEVICE);
    }
    assertThat(store.touches).hasValue(2);
    assertThat(store.findById(c.apiKey().id()).orElseThrow().lastUsedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aParallelBurstOnOneInstanceWritesLastUsedOnce() throws Exception {
    Created c = create();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(pool.submit(() -> {
          go.await();
          return keys.authenticate(c.key(), DEVICE);
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.touches).hasValue(1);
  }

  @Test
  void anotherInstanceSeesTheRecentUseAndDoesNotWriteIt() {
    Created c = create();
    ApiKeyService otherInstance = new ApiKeyService(store, throttle, new InMemoryAuditLog(), clock, policy);
    keys.authenticate(c.key(), DEVICE);
    clock.advance(Duration.ofSeconds(30));
    otherInstance.authenticate(c.key(), DEVICE);
    assertThat(store.touches).hasValue(1);
  }

  @Test
  void requestsPastTheKeysQuotaGet429FiguresAndOtherKeysAreUnaffected() {
    ApiKeyService limited = new ApiKeyService(store, throttle, new InMemoryAuditLog(), clock,
        ApiKeyPolicy.DEFAULT.withRateLimit(new RequestQuota.Limit(3, Duration.ofMinutes(1))));
    Created c = limited.create("u_1", "k", List.of(), Optional.empty(), DEVICE);
    Created other = limited.create("u_1", "k2", List.of(), Optional.empty(), DEVICE);
    List<Long> remaining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RequestQuota.Usage u = limited.authenticate(c.key(), DEVICE).usage();
      assertThat(u.limit().requests()).isEqualTo(3);
      assertThat(u.resetSeconds()).isEqualTo(60);
      remaining.add(u.remaining());
    }
    assertThat(remaining).containsExactly(2L, 1L, 0L);
    QuotaExceededException e = catchThrowableOfType(QuotaExceededException.class, () -> limited.authenticate(c.key(), DEVICE));
    assertThat(e.usage().remaining()).isZero();
    assertThat(e.usage().resetSeconds()).isEqualTo(e.retryAfter().toSeconds());
    assertThat(limited.authenticate(other.key(), DEVICE).usage().remaining()).isEqualTo(2);
    clock.advance(e.retryAfter());
    limited.authenticate(c.key(), DEVICE);
  }

  @Test
  void aTypoIsRefusedWithoutAnyStoreLookup() {
    String key = create().key();
    String typo = key.substring(0, 30) + (key.charAt(30) == 'x' ? 'y' : 'x') + key.substring(31);
    assertThat(catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(typo, DEVICE)).reason())
        .isEqualTo(Reason.WRONG_CHECKSUM);
    assertThat(catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate("Bearer nonsense", DEVICE))
        .reason()).isEqualTo(Reason.MALFORMED);
    assertThat(store.lookups).hasValue(0);
  }

  @Test
  void aRefusedKeyIsRememberedBrieflyThenLookedUpAgain() {
    Created c = create();
    keys.revoke(ApiKeyAuditTest.owner("u_1"), c.apiKey().id(), DEVICE);
    for (int i = 0; i < 10; i++) {
      catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(c.key(), DEVICE));
    }
    int afterBurst = store.lookups.get();
    assertThat(afterBurst).isEqualTo(2); // the revoke's own read, and the first refusal
    clock.advance(RejectedKeys.TTL);
    catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(c.key(), DEVICE));
    assertThat(store.lookups).hasValue(afterBurst + 1);
  }

  @Test
  void acceptedKeysAreLookedUpOnEveryRequest() {
    Created c = create();
    for (int i = 0; i < 5; i++) {
      keys.authenticate(c.key(), DEVICE);
    }
    assertThat(store.lookups).hasValue(5);
  }

  @Test
  void wrongSecretForARealIdIsRefusedAndUnknownIdsToo() {
    Created c = create();
    String forged = ApiKeyFormat.format(c.apiKey().id(), ApiKeyFormat.newSecret());
    assertThat(catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(forged, DEVICE)).reason())
        .isEqualTo(Reason.WRONG_SECRET);
    String unknown = ApiKeyFormat.format(ApiKeyFormat.newId(), ApiKeyFormat.newSecret());
    assertThat(catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(unknown, DEVICE)).reason())
        .isEqualTo(Reason.UNKNOWN);
    keys.authenticate(c.key(), DEVICE);
  }
}
