package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.RateLimitedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HashingPoolTest {
  @Test
  void pastItsThreadsAndQueueWorkIsRefusedNotQueuedForever() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (HashingPool pool = new HashingPool(1, 1)) {
      Thread busy = new Thread(() -> pool.run(() -> {
        started.countDown();
        return release.await(10, TimeUnit.SECONDS);
      }));
      busy.start();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      Thread queued = new Thread(() -> pool.run(() -> true));
      queued.start();
      // one running, one waiting in the queue: the next is refused at once with 429
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.queued() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(pool.queued()).isEqualTo(1);
      assertThatThrownBy(() -> pool.run(() -> true)).isInstanceOf(RateLimitedException.class)
          .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter().toSeconds()).isEqualTo(1));
      release.countDown();
      busy.join(10_000);
      queued.join(10_000);
      assertThat(pool.run(() -> 42)).isEqualTo(42);
    }
  }

  @Test
  void failuresOfTheWorkReachTheCaller() {
    try (HashingPool pool = new HashingPool(1, 4)) {
      assertThatThrownBy(() -> pool.run(() -> {
        throw new IllegalArgumentException("boom");
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
    }
  }

  @Test
  void hashingThreadsRunAtALowerOsPrioritySoRequestThreadsGoFirst() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
        "thread nice values are a Linux feature");
    int callerNice = BackgroundPriority.currentNice();
    try (HashingPool pool = new HashingPool(2, 4)) {
      assertThat(pool.run(BackgroundPriority::currentNice)).isEqualTo(BackgroundPriority.NICE);
    }
    assertThat(BackgroundPriority.currentNice()).as("the caller's own priority is untouched").isEqualTo(callerNice);
  }
}
