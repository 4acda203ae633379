package dev.portcullis.server;

import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.RateLimitedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** The server's Prometheus metrics: failures, throttling and token reuse, by name. */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter loginSuccess = counter("portcullis_logins", "result", "success");
  private final Counter loginFailure = counter("portcullis_logins", "result", "failure");
  private final Counter csrfFailures = counter("portcullis_csrf_failures", null, null);
  private final Counter rateLimited = counter("portcullis_rate_limited", null, null);
  private final Counter authFailures = counter("portcullis_auth_failures", null, null);
  private java.util.function.LongSupplier refreshReuseSource;
  private final Counter storeUnavailable = counter("portcullis_store_unavailable", null, null);

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
   * Runs a browser login and counts it: a refused password or a throttled attempt as a failure, a
   * signed-in browser as a success; other errors (bad input, a store down) count as neither.
   */
  public <T> T countLogin(Supplier<T> login) {
    T signedIn;
    try {
      signedIn = login.get();
    } catch (AuthenticationException | RateLimitedException e) {
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
  public void bindRefreshReuse(java.util.function.LongSupplier count) {
    refreshReuseSource = count; // Micrometer holds it weakly; a method reference nobody keeps would vanish
    io.micrometer.core.instrument.FunctionCounter.builder("portcullis_refresh_token_reuse", count, c -> c.getAsLong())
        .description("refresh tokens presented again after rotation (family revoked)")
        .register(registry);
  }

  public void storeUnavailable() {
    storeUnavailable.increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
