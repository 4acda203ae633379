package dev.portcullis.server;

import dev.portcullis.testkit.PostgresScratchDatabase;
import static dev.portcullis.server.OutageChecks.assertUnavailable;
import static dev.portcullis.server.OutageChecks.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PostgreSQL database (everything, sessions included, as there is no Redis here) becomes
 * unreachable under a running server: its connections are ended and new ones refused, without
 * touching the shared PostgreSQL server. Requests answer 503 {@code unavailable} until the
 * database accepts connections again, then everything works without a restart.
 */
@Timeout(value = 120)
class PostgresFailureIT {
  static PostgresScratchDatabase db;
  static ServerHarness h;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresScratchDatabase.create();
    h = new ServerHarness(ServerHarness.onPostgres(db.url()));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (h != null) {
        h.close();
      }
    } finally {
      if (db != null) {
        db.allowConnections();
        db.close();
      }
    }
  }

  @Test
  void anOutageAnswers503AndTheServerRecoversWhenTheDatabaseReturns() throws Exception {
    OutageChecks.Baseline before = OutageChecks.signedIn(h);
    String email = before.email();
    Browser browser = before.browser();

    db.cutConnections();

    assertUnavailable("GET /v1/me with the session cookie", () -> browser.get("/v1/me"));
    assertUnavailable("login", () -> h.browser().login(email, ServerHarness.PASSWORD));
    assertUnavailable("register", () -> h.browser().postJson("/v1/register",
        Map.of("email", ServerHarness.email(), "password", ServerHarness.PASSWORD)));
    assertUnavailable("the password grant", before::passwordGrant);
    // the deny list is in PostgreSQL here: a bearer token must not pass unchecked
    assertUnavailable("GET /v1/me with a bearer token", before::bearerMe);
    Browser.Response ready = h.browser().get("/readyz");
    assertThat(ready.status()).as(ready.body()).isEqualTo(503);
    assertThat(ready.json().path("stores").path("postgresql").asText()).isEqualTo("down");
    assertThat(h.browser().get("/healthz").status()).isEqualTo(200);

    db.allowConnections();

    awaitStatus("/readyz", 200, () -> h.browser().get("/readyz"));
    // the session lives in PostgreSQL: it survived the outage
    assertThat(browser.get("/v1/me").status()).isEqualTo(200);
    Browser fresh = h.browser();
    assertThat(fresh.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
    assertThat(fresh.get("/v1/me").status()).isEqualTo(200);
    String other = ServerHarness.email();
    h.register(other);
    assertThat(h.browser().login(other, ServerHarness.PASSWORD).status()).isEqualTo(200);
    assertThat(before.passwordGrant().status()).isEqualTo(200);
    assertThat(before.bearerMe().status()).isEqualTo(200);
  }
}
