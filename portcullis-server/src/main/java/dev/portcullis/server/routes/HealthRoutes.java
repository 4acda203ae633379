package dev.portcullis.server.routes;

import dev.portcullis.server.Metrics;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness, readiness (every store reachable) and Prometheus metrics. */
public final class HealthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
  /** The user-info part of a URL ({@code redis://:secret@host}): credentials, whatever the scheme. */
  private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s]*@");
  /** A password parameter of a JDBC URL or connection string ({@code ?user=x&password=secret}). */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)\\b(password|passwd|pwd)=[^&;\\s]*");

  /** A store's readiness check: returns when the store answers, throws saying why when it does not. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  record Health(String status) {}

  /** {@code stores}: each store's name and "up" or "down", in the order the server opened them. */
  record Readiness(String status, Map<String, String> stores) {}

  private final Map<String, Check> checks;
  private final Metrics metrics;

  public HealthRoutes(Map<String, Check> checks, Metrics metrics) {
    this.checks = new LinkedHashMap<>(checks);
    this.metrics = metrics;
  }

  public void register(RoutesConfig r) {
    r.get("/healthz", ctx -> Json.ok(ctx, new Health("ok")), Access.PUBLIC);
    r.get("/readyz", this::ready, Access.PUBLIC);
    r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()),
        Access.PUBLIC);
  }

  private void ready(Context ctx) {
    Map<String, String> stores = new LinkedHashMap<>();
    boolean all = true;
    for (Map.Entry<String, Check> e : checks.entrySet()) {
      boolean up = isUp(e.getKey(), e.getValue());
      stores.put(e.getKey(), up ? "up" : "down");
      all &= up;
    }
    Json.write(ctx, all ? 200 : 503, new Readiness(all ? "ready" : "unavailable", stores));
  }

  private static boolean isUp(String store, Check check) {
    try {
      check.run();
      return true;
    } catch (Exception e) {
      // what an operator needs to tell a refused connection from a timeout or a wrong password
      LOG.warn("readiness check failed: {} is down: {}", store, reason(e));
      return false;
    }
  }

  /**
   * The failure in words: the exception's message and, when it wraps another, the root cause's (a
   * pool timeout wraps the database's refusal). Driver messages name a host and port, not
   * credentials; should one ever quote a URL, its user info and password parameter are cut out.
   */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (root != e && root.getMessage() != null && !root.getMessage().equals(e.getMessage())) {
      text += " (" + root.getMessage() + ")";
    }
    text = URL_USER_INFO.matcher(text).replaceAll("$1");
    return PASSWORD_PARAMETER.matcher(text).replaceAll("$1=***");
  }
}
