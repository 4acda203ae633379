package dev.portcullis.account;

import dev.portcullis.error.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs password hashing on a pool as large as the machine's cores with a bounded queue, so a login
 * flood queues (and past the queue, is refused with 429) instead of starving every other request.
 * Its threads run at a lower OS priority where that can be set ({@link BackgroundPriority}), so
 * that hashing takes only the CPU that request threads leave idle.
 */
public final class HashingPool implements AutoCloseable {
  private final ThreadPoolExecutor executor;

  public HashingPool(int threads, int queueCapacity) {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new Thread(() -> {
                BackgroundPriority.lowerCurrentThread();
                r.run();
              }, "portcullis-hash-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public static HashingPool sizedForMachine() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new HashingPool(cores, 64 * cores);
  }

  public <T> T run(Callable<T> work) {
    Future<T> future;
    try {
      future = executor.submit(work);
    } catch (RejectedExecutionException e) {
      throw new RateLimitedException(Duration.ofSeconds(1), "password hashing queue is full");
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Hashes running now (for metrics). */
  public int active() {
    return executor.getActiveCount();
  }

  /** Threads hashing at most at once. */
  public int threads() {
    return executor.getMaximumPoolSize();
  }

  /** Work waiting for a thread (for tests and metrics). */
  public int queued() {
    return executor.getQueue().size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
