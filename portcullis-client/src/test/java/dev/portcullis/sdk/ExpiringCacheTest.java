package dev.portcullis.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void anEntryIsNeverReturnedAtOrPastItsEnd() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", T0.plusSeconds(60), T0);
    assertThat(cache.get("k", T0.plusSeconds(59))).isEqualTo("v");
    assertThat(cache.get("k", T0.plusSeconds(60))).isNull();
    assertThat(cache.size()).isZero(); // dropped when found ended
    assertThat(cache.get("k", T0)).isNull();
  }

  @Test
  void anEntryThatHasAlreadyEndedIsNotStored() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", T0, T0);
    cache.put("k2", "v", T0.minusSeconds(1), T0);
    assertThat(cache.size()).isZero();
  }

  @Test
  void theSizeNeverExceedsTheBoundAndEndedEntriesGoFirst() {
    ExpiringCache<Integer> cache = new ExpiringCache<>(100);
    // 50 entries that end at T0 + 10 s, then 50 that live long
    for (int i = 0; i < 50; i++) {
      cache.put("short-" + i, i, T0.plusSeconds(10), T0);
    }
    for (int i = 0; i < 50; i++) {
      cache.put("long-" + i, i, T0.plusSeconds(3600), T0);
    }
    assertThat(cache.size()).isEqualTo(100);
    // at T0 + 20 s the full cache makes room by dropping the 50 ended ones, not the live ones
    Instant later = T0.plusSeconds(20);
    cache.put("new", 1, T0.plusSeconds(3600), later);
    assertThat(cache.size()).isEqualTo(51);
    for (int i = 0; i < 50; i++) {
      assertThat(cache.get("long-" + i, later)).isEqualTo(i);
    }
    // nothing ended: an arbitrary tenth goes, the bound holds however many are added
    for (int i = 0; i < 1000; i++) {
      cache.put("more-" + i, i, T0.plusSeconds(3600), later);
      assertThat(cache.size()).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void parallelWritersNeverLeaveMoreThanTheBound() throws Exception {
    ExpiringCache<Integer> cache = new ExpiringCache<>(64);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 5_000; i++) {
            cache.put(thread + "-" + i, i, T0.plus(Duration.ofHours(1)), T0);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(64).isPositive();
  }

  @Test
  void sizeZeroCachesNothing() {
    ExpiringCache<String> cache = new ExpiringCache<>(0);
    cache.put("k", "v", T0.plusSeconds(60), T0);
    assertThat(cache.get("k", T0)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theKeyIsADigestThatHoldsNoPartOfTheToken() {
    String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1X2FsaWNlIn0.c2lnbmF0dXJl";
    String key = ExpiringCache.keyOf(token);
    assertThat(key).hasSize(43).isEqualTo(ExpiringCache.keyOf(token)).isNotEqualTo(ExpiringCache.keyOf(token + "x"));
    for (String part : token.split("\\.")) {
      assertThat(key).doesNotContain(part.substring(0, 8));
    }
  }
}
