package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code /metrics} promises an operator: request latency per route template and status class,
 * authentication outcomes per credential kind and reason, logins and throttling, audit events
 * (sessions created and ended), store latency per backend, the hashing pool, JVM and pool metrics.
 */
class MetricsIT {
  private static final String REDIS = System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", "redis://127.0.0.1:6379");

  @Test
  void requestsAuthenticationsSessionsAndStoresAreCountedByBoundedLabels() {
    String prefix = "pcl-perf-" + Tokens.random(6) + ":";
    try (ServerHarness h = new ServerHarness(b -> b.redisUrl(REDIS).redisPrefix(prefix))) {
      String email = ServerHarness.email();
      h.register(email);
      Browser b = h.browser();
      assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
      assertThat(b.get("/v1/me").status()).isEqualTo(200);
      assertThat(b.get("/v1/session").status()).isEqualTo(200);
      String sessionId = b.get("/v1/session").json().get("session_id").asText();
      assertThat(h.browser().login(email, "wrong " + ServerHarness.PASSWORD).status()).isEqualTo(401);
      assertThat(h.browser().get("/v1/me", "Authorization", "Bearer not-a-token").status()).isEqualTo(401);
      assertThat(h.browser().get("/v1/sessions/" + sessionId).status()).isIn(401, 405);
      assertThat(h.browser().get("/no/such/route/" + sessionId).status()).isEqualTo(404);
      assertThat(b.postCsrf("/v1/session/logout", Map.of()).status()).isEqualTo(204);

      String metrics = h.browser().get("/metrics").body();
      // the route template, never the raw path with an id in it
      assertThat(count(metrics, "portcullis_http_server_requests_seconds_count{method=\"GET\",route=\"/v1/me\",status=\"2xx\"}"))
          .isEqualTo(1);
      assertThat(metrics).contains("portcullis_http_server_requests_seconds_bucket{method=\"GET\",route=\"/v1/me\",status=\"2xx\",le=\"0.005\"}")
          .contains("route=\"unmatched\",status=\"4xx\"").doesNotContain(sessionId).doesNotContain("/no/such/route");
      assertThat(count(metrics, "portcullis_authentications_total{method=\"session\",outcome=\"success\"}")).isGreaterThanOrEqualTo(3);
      assertThat(count(metrics, "portcullis_authentications_total{method=\"bearer\",outcome=\"invalid_token\"}")).isEqualTo(1);
      assertThat(count(metrics, "portcullis_logins_total{result=\"success\"}")).isEqualTo(1);
      assertThat(count(metrics, "portcullis_logins_total{result=\"failure\"}")).isEqualTo(1);
      assertThat(count(metrics, "portcullis_audit_events_total{type=\"login_succeeded\"}")).isEqualTo(1);
      assertThat(count(metrics, "portcullis_audit_events_total{type=\"logout\"}")).isEqualTo(1);
      assertThat(count(metrics, "portcullis_audit_events_total{type=\"registered\"}")).isEqualTo(1);
      assertThat(count(metrics, "portcullis_store_operations_seconds_count{operation=\"session lookup\",store=\"redis\"}"))
          .isGreaterThanOrEqualTo(3);
      assertThat(metrics).containsPattern("portcullis_store_operations_seconds_count\\{operation=\"[^\"]+\",store=\"jdbc\"\\}")
          .contains("portcullis_password_hashing_threads{engine=\"native\"}")
          .contains("portcullis_password_hashing_queued ")
          .contains("portcullis_logins_throttled_total ")
          .contains("portcullis_refresh_token_reuse_total ")
          .contains("jvm_memory_used_bytes{").contains("jvm_gc_max_data_size_bytes ").contains("jvm_threads_live_threads ")
          .contains("process_cpu_usage ").contains("hikaricp_connections_active{");
    }
  }

  @Test
  void everyAnswerCarriesARequestIdAndAPlainCallerIdIsKept() {
    try (ServerHarness h = ServerHarness.dev()) {
      assertThat(h.browser().get("/healthz", "X-Request-Id", "edge-42.abc").header("X-Request-Id")).isEqualTo("edge-42.abc");
      String generated = h.browser().get("/healthz").header("X-Request-Id");
      assertThat(generated).matches("[A-Za-z0-9_-]{16}");
      // an id that could forge a log line or a JSON field is replaced, not echoed
      String forged = h.browser().get("/healthz", "X-Request-Id", "x\" level=ERROR").header("X-Request-Id");
      assertThat(forged).matches("[A-Za-z0-9_-]{16}");
    }
  }

  private static long count(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E]+)$").matcher(metrics);
    assertThat(m.find()).as("series %s in%n%s", series, metrics).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
