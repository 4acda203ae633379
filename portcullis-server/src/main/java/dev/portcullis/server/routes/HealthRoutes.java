package dev.portcullis.server.routes;

import dev.portcullis.server.Metrics;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Dto;
import dev.portcullis.server.http.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness, readiness (every store reachable) and Prometheus metrics. */
public final class HealthRoutes {
  private final Map<String, BooleanSupplier> stores;
  private final Metrics metrics;

  public HealthRoutes(Map<String, BooleanSupplier> stores, Metrics metrics) {
    this.stores = new LinkedHashMap<>(stores);
    this.metrics = metrics;
  }

  public void register(RoutesConfig r) {
    r.get("/healthz", ctx -> Json.ok(ctx, Dto.of("status", "ok")), Access.PUBLIC);
    r.get("/readyz", this::ready, Access.PUBLIC);
    r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()),
        Access.PUBLIC);
  }

  private void ready(Context ctx) {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean all = true;
    for (Map.Entry<String, BooleanSupplier> e : stores.entrySet()) {
      boolean up;
      try {
        up = e.getValue().getAsBoolean();
      } catch (RuntimeException ex) {
        up = false;
      }
      checks.put(e.getKey(), up ? "up" : "down");
      all &= up;
    }
    Json.write(ctx, all ? 200 : 503, Dto.of("status", all ? "ready" : "unavailable", "stores", checks));
  }
}
