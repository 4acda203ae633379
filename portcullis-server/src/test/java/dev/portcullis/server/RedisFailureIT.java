package dev.portcullis.server;

import dev.portcullis.testkit.RedisProcess;
import static dev.portcullis.server.OutageChecks.assertUnavailable;
import static dev.portcullis.server.OutageChecks.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis (sessions, throttles, deny list) dies under a running server and comes back on the same
 * port: during the outage every request that needs it answers 503 {@code unavailable}, and the
 * server recovers by itself, without a restart.
 */
@Timeout(value = 120)
class RedisFailureIT {
  static final String COOKIE = "portcullis_session";
  static RedisProcess redis;
  static ServerHarness h;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.onFreePort();
    redis.start();
    h = new ServerHarness(b -> b.redisUrl(redis.url()).redisPrefix("pcl-fail:"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (h != null) {
        h.close();
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void anOutageAnswers503AndTheServerRecoversWhenRedisReturns() throws Exception {
    OutageChecks.Baseline before = OutageChecks.signedIn(h);
    String email = before.email();
    Browser browser = before.browser();
    String cookie = browser.cookie(COOKIE);

    redis.kill();

    assertUnavailable("GET /v1/me with the session cookie", () -> browser.get("/v1/me"));
    assertUnavailable("GET /v1/session", () -> browser.get("/v1/session"));
    assertUnavailable("login", () -> h.browser().login(email, ServerHarness.PASSWORD));
    assertUnavailable("login with a wrong password", () -> h.browser().login(email, "not the password"));
    assertUnavailable("the password grant (throttled through Redis)", before::passwordGrant);
    // the deny list is in Redis: a bearer token must not pass unchecked
    assertUnavailable("GET /v1/me with a bearer token", before::bearerMe);
    assertUnavailable("logout", () -> browser.newTab().postCsrf("/v1/session/logout", null));
    assertThat(browser.cookie(COOKIE)).isEqualTo(cookie);
    Browser.Response ready = h.browser().get("/readyz");
    assertThat(ready.status()).as(ready.body()).isEqualTo(503);
    assertThat(ready.json().path("stores").path("redis").asText()).isEqualTo("down");
    assertThat(h.browser().get("/healthz").status()).isEqualTo(200);
    // still 503 on a second round: no state in the server flips to "logged out" after a while
    assertUnavailable("GET /v1/me again", () -> browser.get("/v1/me"));

    redis.start(); // same port, empty: this Redis kept nothing

    awaitStatus("/readyz", 200, () -> h.browser().get("/readyz"));
    Browser fresh = h.browser();
    assertThat(fresh.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
    assertThat(fresh.get("/v1/me").status()).isEqualTo(200);
    assertThat(before.bearerMe().status()).isEqualTo(200);
    // the old session died with the Redis that held it: now, and only now, a 401 is right
    Browser.Response old = browser.get("/v1/me");
    assertThat(old.status()).as(old.body()).isEqualTo(401);
    assertThat(old.error()).isEqualTo("session_expired");
  }
}
