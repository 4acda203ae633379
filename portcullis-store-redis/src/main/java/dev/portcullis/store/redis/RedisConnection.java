package dev.portcullis.store.redis;

import dev.portcullis.error.StoreUnavailableException;
import dev.portcullis.store.StoreObserver;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared Lettuce connection with a key prefix, set up to fail fast rather than queue: while
 * Redis is away, commands are rejected at once and anything in flight times out after {@link
 * #DEFAULT_TIMEOUT}, so a request answers 503 quickly instead of piling up threads. Lettuce keeps
 * reconnecting in the background, so service resumes by itself when Redis returns.
 *
 * <p>The first connection is opened lazily: a server can start while Redis is down and report
 * not-ready until it appears.
 */
public final class RedisConnection implements AutoCloseable {
  private volatile StoreObserver observer = StoreObserver.NONE;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);
  // between two failed first-connection attempts, callers fail at once rather than queue on the lock
  private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final String prefix;
  private volatile StatefulRedisConnection<String, String> connection;
  private long lastFailedAttempt;
  private boolean failedBefore;

  public RedisConnection(String url, String prefix) {
    this(url, prefix, DEFAULT_TIMEOUT);
  }

  public RedisConnection(String url, String prefix, Duration timeout) {
    this.prefix = prefix;
    // Lettuce's default backoff grows to 30 s; a short cap makes recovery prompt after an outage
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
        .build());
  }

  /** The key prefix every store puts in front of its keys, e.g. {@code pcl:}. */
  public String prefix() {
    return prefix;
  }

  /** True when Redis answers PING now. Never throws. */
  public boolean ping() {
    try {
      checkPing();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * For /readyz: returns when Redis answers PING now, else throws Lettuce's exception, which says
   * why (refused, timed out, rejected while reconnecting) and names host and port, never the password.
   */
  public void checkPing() {
    String answer = commands().ping();
    if (!"PONG".equals(answer)) {
      throw new RedisException("PING answered " + answer);
    }
  }

  /** Runs {@code call}, turning any Redis failure into {@link StoreUnavailableException}. */
  <T> T call(String what, Function<RedisCommands<String, String>, T> call) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T result = call.apply(commands());
      failed = false;
      return result;
    } catch (RedisException e) {
      throw new StoreUnavailableException("redis " + what + " failed: " + e.getClass().getSimpleName(), e);
    } finally {
      observer.completed("redis", what, System.nanoTime() - start, failed);
    }
  }

  /** Tells {@code observer} of every command's latency and outcome from now on (one observer; the last wins). */
  public void observe(StoreObserver observer) {
    this.observer = observer;
  }

  private RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = connection;
    return (c != null ? c : connect()).sync();
  }

  private synchronized StatefulRedisConnection<String, String> connect() {
    if (connection != null) {
      return connection;
    }
    if (failedBefore && System.nanoTime() - lastFailedAttempt < RETRY_AFTER_NANOS) {
      throw new RedisException("not connected yet; last attempt failed moments ago");
    }
    try {
      connection = client.connect();
      return connection;
    } catch (RedisException e) {
      failedBefore = true;
      lastFailedAttempt = System.nanoTime();
      log.warn("Redis connection failed: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
