package dev.portcullis.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a key's {@code lastUsedAt} at most once per interval, never once per request. Three
 * filters: the stored value just read (another instance wrote it lately), a per-instance claim (of a
 * burst on this instance one thread writes), and the store's conditional {@link ApiKeyStore#touch}
 * (of instances racing for the same interval one row change lands).
 */
final class LastUseRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(LastUseRecorder.class);
  private static final int MAX_CLAIMS = 10_000;

  private final ApiKeyStore store;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> claims = new ConcurrentHashMap<>();

  LastUseRecorder(ApiKeyStore store, Clock clock, Duration interval) {
    this.store = store;
    this.clock = clock;
    this.interval = interval;
  }

  /** Records that {@code key}, as just read from the store, authenticated a request now. */
  void record(ApiKey key) {
    Instant now = clock.instant();
    Instant staleAt = now.minus(interval);
    if (key.lastUsedAt() != null && key.lastUsedAt().isAfter(staleAt) || !claim(key.id(), now, staleAt)) {
      return;
    }
    try {
      store.touch(key.id(), now, staleAt);
    } catch (RuntimeException e) {
      // a lost last-used time is no reason to refuse a request the key is entitled to
      LOG.warn("could not record the use of API key {}: {}", key.id(), e.toString());
    }
  }

  private boolean claim(String id, Instant now, Instant staleAt) {
    boolean[] won = {false};
    claims.compute(id, (k, previous) -> {
      if (previous != null && previous.isAfter(staleAt)) {
        return previous;
      }
      won[0] = true;
      return now;
    });
    if (claims.size() > MAX_CLAIMS) {
      claims.values().removeIf(t -> !t.isAfter(staleAt));
    }
    return won[0];
  }
}
