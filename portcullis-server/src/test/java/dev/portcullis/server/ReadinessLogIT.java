package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.PostgresScratchDatabase;
import dev.portcullis.testkit.RedisProcess;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failed readiness check is logged at WARN with the store's name and why it failed, and neither
 * that line nor any other warning holds the password in the store's URL.
 */
@Timeout(value = 120)
class ReadinessLogIT {
  private static final String SECRET = "s3cret-in-the-store-url";

  private static void assertLoggedWithoutSecret(LogCapture logs, String store) {
    List<String> warnings = logs.warnings();
    assertThat(warnings).filteredOn(w -> w.startsWith("readiness check failed: " + store + " is down: "))
        .as("warnings: %s", warnings).hasSize(1)
        .allSatisfy(w -> assertThat(w.length()).isGreaterThan(("readiness check failed: " + store + " is down: ").length() + 10));
    assertThat(warnings).noneSatisfy(w -> assertThat(w).contains(SECRET));
  }

  @Test
  void aRedisThatIsDownIsLoggedByNameAndReasonWithoutThePasswordOfItsUrl() throws Exception {
    String url = "redis://:" + SECRET + "@127.0.0.1:" + RedisProcess.freePort(); // nothing listens there
    try (LogCapture logs = new LogCapture();
        ServerHarness h = new ServerHarness(b -> b.redisUrl(url).redisPrefix("pcl-ready:"))) {
      Browser.Response ready = h.browser().get("/readyz");
      assertThat(ready.status()).as(ready.body()).isEqualTo(503);
      assertThat(ready.json().path("stores").path("redis").asText()).isEqualTo("down");
      assertLoggedWithoutSecret(logs, "redis");
    }
  }

  @Test
  void aPostgresqlThatRefusesConnectionsIsLoggedByNameAndReasonWithoutThePasswordOfItsUrl() throws Exception {
    try (PostgresScratchDatabase db = PostgresScratchDatabase.create()) {
      // trust authentication ignores the password, so the server runs with it in its URL
      String url = db.url() + "&password=" + SECRET;
      try (LogCapture logs = new LogCapture(); ServerHarness h = new ServerHarness(ServerHarness.onPostgres(url))) {
        assertThat(h.browser().get("/readyz").status()).isEqualTo(200);
        db.cutConnections();
        Browser.Response ready = h.browser().get("/readyz");
        assertThat(ready.status()).as(ready.body()).isEqualTo(503);
        assertThat(ready.json().path("stores").path("postgresql").asText()).isEqualTo("down");
        assertLoggedWithoutSecret(logs, "postgresql");
      } finally {
        db.allowConnections();
      }
    }
  }
}
