package dev.portcullis.server.wiring;

import dev.portcullis.store.Purgeable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every ten minutes, purges the expired records of every store that keeps them behind ({@link
 * Purgeable}). Expired records already read as absent, so this only reclaims space; one store
 * failing to purge does not keep the others from it.
 */
public final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final Map<String, Purgeable> stores;
  private final ScheduledExecutorService executor;

  private Housekeeping(Map<String, Purgeable> stores, ScheduledExecutorService executor) {
    this.stores = Map.copyOf(stores);
    this.executor = executor;
  }

  /** Starts the purge loop (first run a minute from now) over {@code stores}, keyed by what they hold. */
  public static Housekeeping start(Map<String, Purgeable> stores) {
    Housekeeping housekeeping = new Housekeeping(stores, Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "portcullis-housekeeping");
      t.setDaemon(true);
      return t;
    }));
    housekeeping.executor.scheduleWithFixedDelay(housekeeping::purgeAll, 1, 10, TimeUnit.MINUTES);
    return housekeeping;
  }

  /** One round: purges every store, logging what it removed and what failed. */
  void purgeAll() {
    stores.forEach((what, store) -> {
      try {
        int n = store.purgeExpired();
        if (n > 0) {
          LOG.info("purged {} expired {}", n, what);
        }
      } catch (RuntimeException e) {
        LOG.warn("purging expired {} failed: {}", what, e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
