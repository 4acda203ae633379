package dev.portcullis.server;

import dev.portcullis.account.HashingPool;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.CountingAuditLog;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.store.StoreObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics. Every label value comes from a fixed set (route templates, status
 * classes, credential kinds, error codes, event types, store operation names), never from a
 * request's content, so no credential can reach a label and the series stay bounded.
 */
public final class Metrics implements AutoCloseable, StoreObserver {
  /** Latency buckets of the request histogram (Prometheus {@code le}), from 1 ms to 5 s. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter loginSuccess = counter("portcullis_logins", "result", "success");
  private final Counter loginFailure = counter("portcullis_logins", "result", "failure");
  private final Counter loginThrottled = counter("portcullis_logins_throttled", null, null);
  private final Counter csrfFailures = counter("portcullis_csrf_failures", null, null);
  private final Counter rateLimited = counter("portcullis_rate_limited", null, null);
  private final Counter authFailures = counter("portcullis_auth_failures", null, null);
  private final Counter storeUnavailable = counter("portcullis_store_unavailable", null, null);
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> authentications = new ConcurrentHashMap<>();
  private final Map<String, Timer> storeTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> storeErrors = new ConcurrentHashMap<>();
  private final List<Object> strongRefs = new ArrayList<>(); // Micrometer holds function sources weakly
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  private Counter counter(String name, String tag, String value) {
    Counter.Builder b = Counter.builder(name);
    if (tag != null) {
      b.tag(tag, value);
    }
    return b.register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * One HTTP request: {@code route} is the matched route template ({@code /v1/sessions/{session_id}})
   * or {@code unmatched}, never the raw path; the status is reduced to its class ({@code 2xx}).
   */
  public void request(String method, String route, int status, long nanos) {
    String statusClass = (status / 100) + "xx";
    cached(requestTimers, method + ' ' + route + ' ' + statusClass, () -> Timer.builder("portcullis_http_server_requests")
        .description("HTTP requests by route template, method and status class")
        .tag("method", method).tag("route", route).tag("status", statusClass)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The outcome of authenticating a request: {@code method} is the credential kind ({@code
   * session}, {@code jwt}, {@code api_key}, {@code admin_token}, {@code bearer} when a bearer token
   * of no known kind failed, {@code none}), {@code outcome} is {@code success} or the error code.
   */
  public void authentication(String method, String outcome) {
    cached(authentications, method + ' ' + outcome, () -> Counter.builder("portcullis_authentications")
        .description("request authentications by credential kind and outcome")
        .tag("method", method).tag("outcome", outcome).register(registry)).increment();
  }

  /**
   * Runs a browser login and counts it: a refused password or a throttled attempt as a failure
   * (a throttled one also in {@code portcullis_logins_throttled}), a signed-in browser as a success;
   * other errors (bad input, a store down) count as neither.
   */
  public <T> T countLogin(Supplier<T> login) {
    T signedIn;
    try {
      signedIn = login.get();
    } catch (RateLimitedException e) {
      loginFailure.increment();
      loginThrottled.increment();
      throw e;
    } catch (AuthenticationException e) {
      loginFailure.increment();
      throw e;
    }
    loginSuccess.increment();
    return signedIn;
  }

  public void csrfFailed() {
    csrfFailures.increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void authenticationFailed() {
    authFailures.increment();
  }

  /** Refresh-token reuse is counted in the core (no Micrometer there); exported as a counter. */
  public void bindRefreshReuse(LongSupplier count) {
    strongRefs.add(count);
    FunctionCounter.builder("portcullis_refresh_token_reuse", count, LongSupplier::getAsLong)
        .description("refresh tokens presented again after rotation (family revoked)")
        .register(registry);
  }

  /**
   * One counter per audit event type ({@code portcullis_audit_events_total{type=...}}): sessions
   * created ({@code login_succeeded}) and ended ({@code logout}, {@code session_revoked}, {@code
   * forced_logout}), reuse detections, throttling, context changes, and the rest.
   */
  public void bindAudit(CountingAuditLog audit) {
    strongRefs.add(audit);
    for (String type : auditTypes()) {
      FunctionCounter.builder("portcullis_audit_events", audit, a -> a.count(type))
          .description("audit events recorded by this instance, by type")
          .tag("type", type).register(registry);
    }
  }

  /** The event types {@link AuditEvent} names, so a type added there is exported without a change here. */
  static List<String> auditTypes() {
    List<String> types = new ArrayList<>();
    for (Field f : AuditEvent.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          types.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return types;
  }

  /** The password-hashing pool: hashes running and waiting, and its size. */
  public void bindHashingPool(HashingPool pool, String engine) {
    strongRefs.add(pool);
    Gauge.builder("portcullis_password_hashing_active", pool, HashingPool::active)
        .description("password hashes running now").register(registry);
    Gauge.builder("portcullis_password_hashing_queued", pool, HashingPool::queued)
        .description("password hashes waiting for a hashing thread").register(registry);
    Gauge.builder("portcullis_password_hashing_threads", pool, HashingPool::threads)
        .description("hashing threads (the most hashes at once)").tag("engine", engine).register(registry);
  }

  @Override
  public void completed(String store, String operation, long nanos, boolean failed) {
    cached(storeTimers, store + ' ' + operation, () -> Timer.builder("portcullis_store_operations")
        .description("store operations by backend and operation")
        .tag("store", store).tag("operation", operation).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    if (failed) {
      storeErrors(store).increment();
    }
  }

  /** Exports the store's error counter at zero from the start, so an alert's rate() has a series. */
  public void declareStore(String store) {
    storeErrors(store);
  }

  private Counter storeErrors(String store) {
    return storeErrors.computeIfAbsent(store, s -> Counter.builder("portcullis_store_errors")
        .description("store operations that failed, by backend").tag("store", s).register(registry));
  }

  /** The meter of {@code key}, registered on first use; a plain get on the hot path after that. */
  private static <M> M cached(Map<String, M> meters, String key, Supplier<M> register) {
    M meter = meters.get(key);
    return meter != null ? meter : meters.computeIfAbsent(key, k -> register.get());
  }

  public void storeUnavailable() {
    storeUnavailable.increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
