package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Supplier;

/** What every request during a store outage must look like, and a bounded wait for recovery. */
final class OutageChecks {
  /** A request while a store is down answers within this, never hangs. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);
  static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(20);

  private OutageChecks() {}

  /** A user signed in both ways before the outage: a browser session and a mobile app's tokens. */
  record Baseline(String email, Browser browser, OAuth oauth, String clientId, String access) {
    Browser.Response passwordGrant() {
      return oauth.password(clientId, email, ServerHarness.PASSWORD);
    }

    Browser.Response bearerMe() {
      return oauth.me(access);
    }
  }

  /** Registers a user, logs in a browser and a mobile app, and checks both work and /readyz is 200. */
  static Baseline signedIn(ServerHarness h) {
    String email = ServerHarness.email();
    h.register(email);
    Browser browser = h.browser();
    assertThat(browser.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
    assertThat(browser.get("/v1/me").status()).isEqualTo(200);
    OAuth oauth = new OAuth(h);
    String clientId = oauth.client("mobile").get("client_id").asText();
    String access = oauth.password(clientId, email, ServerHarness.PASSWORD).json().get("access_token").asText();
    Baseline b = new Baseline(email, browser, oauth, clientId, access);
    assertThat(b.bearerMe().status()).isEqualTo(200);
    assertThat(h.browser().get("/readyz").status()).isEqualTo(200);
    return b;
  }

  /**
   * 503 {@code unavailable} with Retry-After, quickly; never 500, never a 401 "logged out", never
   * an anonymous 200, and the session cookie is not cleared.
   */
  static Browser.Response assertUnavailable(String what, Supplier<Browser.Response> request) {
    long start = System.nanoTime();
    Browser.Response r = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.status()).as("%s during the outage: %s", what, r.body()).isEqualTo(503);
    assertThat(r.error()).as(what).isEqualTo("unavailable");
    assertThat(r.header("Retry-After")).as(what).isNotNull();
    assertThat(r.setCookies()).as("%s must not clear the session cookie", what)
        .noneSatisfy(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(took).as("%s answered after %s", what, took).isLessThan(ANSWER_WITHIN);
    return r;
  }

  /** Polls {@code request} until it answers {@code status}, at most {@link #RECOVERY_DEADLINE}. */
  static Browser.Response awaitStatus(String what, int status, Supplier<Browser.Response> request)
      throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    Browser.Response last;
    do {
      last = request.get();
      if (last.status() == status) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + " did not answer " + status + " within " + RECOVERY_DEADLINE
        + "; last answer " + last.status() + " " + last.body());
  }
}
