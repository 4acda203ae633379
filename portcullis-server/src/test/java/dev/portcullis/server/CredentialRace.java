package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.testkit.Race;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Attackers who know a user's password log in over and over on instance {@code a} (browser login
 * and the password grant of a mobile client, each grant refreshed once), while the owner changes the
 * password, or an admin forces logout, on instance {@code b}. Logins in flight across the change
 * check the old password before it and store their session or family after its bulk revocation:
 * what they got must not work.
 */
final class CredentialRace {
  static final String NEW_PASSWORD = "the owner's brand new passphrase";
  private static final int ATTACKERS = 8;

  /** A password grant's loot: its access tokens, the version they carry, the latest refresh token. */
  record Grant(List<String> accessTokens, long tokenVersion, String refreshToken) {}

  /** Everything the attackers got in one round; {@code lateLogins} succeeded after the owner began. */
  record Loot(List<Browser> sessions, List<Grant> grants, int lateLogins) {
    @Override
    public String toString() {
      return sessions.size() + " sessions, " + grants.size() + " grants (" + grants.stream().filter(g -> g.tokenVersion() == 0).count()
          + " at version 0), " + lateLogins + " succeeded after the owner began";
    }
  }

  private final Deployment d;
  private final OAuth onA;
  private final OAuth onB;
  private final String mobile;

  CredentialRace(Deployment d) {
    this.d = d;
    this.onA = new OAuth(d.a());
    this.onB = new OAuth(d.b());
    this.mobile = onA.client("mobile").get("client_id").asText();
  }

  /** The login limits a race needs: the attackers' failures after the change must not lock anyone out. */
  static ServerConfig.Builder generousLoginLimits(ServerConfig.Builder b) {
    return b.loginLimits(100_000, 100_000, Duration.ofMinutes(15));
  }

  /** A fresh user on {@code b}; returns its id. */
  String register(String email) {
    Browser.Response r = new Browser(d.b()).postJson("/v1/register", Map.of("email", email, "password", ServerHarness.PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("user_id").asText();
  }

  /**
   * Lets the attackers loose with {@code password} on {@code a} (half of them through the browser
   * login if {@code withBrowsers}, the rest through the password grant); once every one of them has
   * finished an attempt, runs {@code owner} (on {@code b}), then stops them and waits for their last
   * requests.
   */
  Loot round(String email, String password, boolean withBrowsers, Runnable owner) throws Exception {
    Queue<Browser> sessions = new ConcurrentLinkedQueue<>();
    Queue<Grant> grants = new ConcurrentLinkedQueue<>();
    AtomicBoolean ownerBegan = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger late = new AtomicInteger();
    CountDownLatch warm = new CountDownLatch(ATTACKERS);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < ATTACKERS; i++) {
      boolean browser = withBrowsers && i % 2 == 0;
      tasks.add(() -> {
        do {
          boolean got = browser ? browserLogin(email, password, sessions) : passwordGrant(email, password, grants);
          if (got && ownerBegan.get()) {
            late.incrementAndGet();
          }
          warm.countDown();
        } while (!stop.get());
        return null;
      });
    }
    tasks.add(() -> {
      try {
        assertThat(warm.await(60, TimeUnit.SECONDS)).as("every attacker finished an attempt").isTrue();
        ownerBegan.set(true);
        owner.run();
      } finally {
        stop.set(true);
      }
      return null;
    });
    Race.run(tasks);
    return new Loot(List.copyOf(sessions), List.copyOf(grants), late.get());
  }

  private boolean browserLogin(String email, String password, Queue<Browser> sessions) {
    Browser b = new Browser(d.a());
    if (b.login(email, password).status() != 200) {
      return false;
    }
    sessions.add(b);
    return true;
  }

  private boolean passwordGrant(String email, String password, Queue<Grant> grants) {
    Browser.Response first = onA.password(mobile, email, password);
    if (first.status() != 200) {
      return false;
    }
    String access = first.json().get("access_token").asText();
    String refresh = first.json().get("refresh_token").asText();
    Browser.Response next = onA.refresh(mobile, refresh);
    if (next.status() == 200) {
      grants.add(new Grant(List.of(access, next.json().get("access_token").asText()), tokenVersion(access),
          next.json().get("refresh_token").asText()));
    } else {
      grants.add(new Grant(List.of(access), tokenVersion(access), refresh));
    }
    return true;
  }

  /** The account's token version now, as a fresh password grant on {@code b} carries it. */
  long currentTokenVersion(String email, String password) {
    Browser.Response r = onB.password(mobile, email, password);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return tokenVersion(r.json().get("access_token").asText());
  }

  /** Every session refused on both instances; every grant of a version below {@code current} refused. */
  void assertRefused(List<Browser> sessions, List<Grant> grants, long current) {
    for (Browser b : sessions) {
      for (String base : List.of(d.a(), d.b())) {
        // a tab of its own: the first refusal clears the cookie from the jar that receives it
        Browser.Response me = b.newTab().at(base).get("/v1/me");
        assertThat(me.status()).as("an attacker's session on %s: %s", base, me.body()).isEqualTo(401);
        assertThat(me.error()).isEqualTo("session_expired");
      }
    }
    List<Grant> stale = grants.stream().filter(g -> g.tokenVersion() < current).toList();
    for (Grant g : stale) {
      Browser.Response r = onB.refresh(mobile, g.refreshToken());
      assertThat(r.status()).as("an attacker's refresh token of version %d", g.tokenVersion()).isEqualTo(400);
      assertThat(r.error()).isEqualTo("invalid_grant");
    }
    // no waiting: each instance checks the account's change counter on every request, so the new
    // token version is seen at once (the clock stands still)
    for (Grant g : stale) {
      for (String access : g.accessTokens()) {
        for (OAuth on : List.of(onA, onB)) {
          Browser.Response me = on.me(access);
          assertThat(me.status()).as("an attacker's access token: %s", me.body()).isEqualTo(401);
        }
      }
    }
  }

  static long tokenVersion(String jwt) {
    try {
      return SignedJWT.parse(jwt).getJWTClaimsSet().getLongClaim("tv");
    } catch (ParseException e) {
      throw new AssertionError("not a JWT", e);
    }
  }
}
