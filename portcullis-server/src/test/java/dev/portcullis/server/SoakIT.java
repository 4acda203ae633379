package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.throttle.RequestQuota;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, item 4: mixed traffic at a steady rate through two instances over PostgreSQL + Redis
 * for {@code portcullis.soak.seconds} (default 60; the documented long run is 600), with heap
 * (after a full GC), threads, open file descriptors and PostgreSQL connections sampled every {@code
 * SAMPLE} seconds. Passes when no request got an unexpected answer and nothing grows: the last
 * third of the samples stays within a fixed margin of the first third (after a warm-up sample).
 *
 * <p>Traffic, per virtual user: /v1/me with the session cookie, with the access token and with an
 * API key, /v1/check (forward auth), refresh-token rotation, and now and then a logout and new
 * login, or a new app login that revokes the previous one. Instances alternate. The clock shared by
 * both instances follows real time, so rate windows and token lifetimes behave as in production.
 */
@Timeout(value = 1800)
class SoakIT {
  private static final int USERS = 4;
  /** Requests per second per virtual user: modest, so the run measures leaks rather than the CPU. */
  private static final int RATE = 6;
  private static final int SAMPLE = 5;

  record Sample(long second, long heapMb, int threads, long fds, int dbConnections) {}

  @Test
  void mixedTrafficOnTwoInstancesKeepsHeapThreadsFilesAndConnectionsFlat() throws Exception {
    int seconds = Integer.getInteger("portcullis.soak.seconds", 60);
    try (TwoInstances two = TwoInstances.start(b -> CredentialRace.generousLoginLimits(b)
        .apiKeyRate(new RequestQuota.Limit(100_000, Duration.ofMinutes(1))))) {
      OAuth oauth = new OAuth(two.a());
      String mobile = oauth.client("mobile").get("client_id").asText();
      Queue<String> errors = new ConcurrentLinkedQueue<>();
      AtomicLong requests = new AtomicLong();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(USERS);
      List<Future<?>> users = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        long seed = i;
        users.add(pool.submit(() -> {
          new VirtualUser(two, mobile, new Random(seed), errors, requests).run(end);
          return null;
        }));
      }
      List<Sample> samples = new ArrayList<>();
      long started = System.nanoTime();
      long lastTick = started;
      while (System.nanoTime() < end) {
        Thread.sleep(1000); // pacing the sampler at one tick a second
        long now = System.nanoTime();
        two.clock().advance(Duration.ofNanos(now - lastTick)); // the servers' clock follows real time
        lastTick = now;
        long second = Duration.ofNanos(now - started).toSeconds();
        if (second % SAMPLE == 0 || now >= end) {
          samples.add(sample(second, two));
        }
      }
      for (Future<?> u : users) {
        u.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      samples.add(sample(Duration.ofNanos(System.nanoTime() - started).toSeconds(), two));

      System.out.printf("soak: %d s, %d requests (%.1f/s), %d errors%n", seconds, requests.get(),
          requests.get() / (double) seconds, errors.size());
      System.out.println("soak: second heap_mb threads fds db_connections");
      samples.forEach(s -> System.out.printf("soak: %d %d %d %d %d%n", s.second(), s.heapMb(), s.threads(), s.fds(),
          s.dbConnections()));
      assertThat(errors).as("unexpected answers").isEmpty();
      assertThat(samples.size()).as("samples").isGreaterThanOrEqualTo(4);
      List<Sample> steady = samples.subList(1, samples.size()); // the first sample is the warm-up
      int third = Math.max(1, steady.size() / 3);
      List<Sample> first = steady.subList(0, third);
      List<Sample> last = steady.subList(steady.size() - third, steady.size());
      assertFlat("heap MB after GC", first, last, Sample::heapMb, 48);
      assertFlat("threads", first, last, s -> s.threads(), 8);
      assertFlat("open files", first, last, Sample::fds, 32);
      assertFlat("PostgreSQL connections", first, last, s -> s.dbConnections(), 2);
    }
  }

  private static void assertFlat(String what, List<Sample> first, List<Sample> last,
      java.util.function.ToLongFunction<Sample> metric, long margin) {
    long before = first.stream().mapToLong(metric).max().orElseThrow();
    long after = last.stream().mapToLong(metric).max().orElseThrow();
    assertThat(after).as("%s at the end (%d) against the start (%d), margin %d", what, after, before, margin)
        .isLessThanOrEqualTo(before + margin);
  }

  private static Sample sample(long second, TwoInstances two) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc(); // retained heap, not garbage not yet collected
    long heap = memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    return new Sample(second, heap, threads, openFiles(), two.db.openConnections());
  }

  private static long openFiles() throws IOException {
    Path fd = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fd)) {
      return 0; // not Linux: the other metrics still count
    }
    try (Stream<Path> files = Files.list(fd)) {
      return files.count();
    }
  }

  /** One user of one browser and one app, on both instances, at {@link #RATE} requests a second. */
  private static final class VirtualUser {
    private final TwoInstances two;
    private final String mobile;
    private final Random random;
    private final Queue<String> errors;
    private final AtomicLong requests;
    private final String email = ServerHarness.email();
    private Browser session;
    private String refresh;
    private String access;
    private final String apiKey;

    VirtualUser(TwoInstances two, String mobile, Random random, Queue<String> errors, AtomicLong requests) {
      this.two = two;
      this.mobile = mobile;
      this.random = random;
      this.errors = errors;
      this.requests = requests;
      expect("register", new Browser(two.b()).postJson("/v1/register",
          Map.of("email", email, "password", ServerHarness.PASSWORD)), 201);
      login();
      appLogin();
      Browser.Response key = session.postCsrf("/v1/api-keys", Map.of("name", "soak"));
      expect("api key", key, 201);
      apiKey = key.json().get("key").asText();
    }

    void run(long end) throws InterruptedException {
      long interval = 1_000_000_000L / RATE;
      long next = System.nanoTime();
      while (System.nanoTime() < end) {
        step(base());
        requests.incrementAndGet();
        next += interval;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // a steady rate, not a wait for the server
        }
      }
    }

    private String base() {
      return random.nextBoolean() ? two.a() : two.b();
    }

    private void step(String base) {
      int op = random.nextInt(100);
      if (op < 25) {
        expect("me with the session", session.at(base).get("/v1/me"), 200);
      } else if (op < 45) {
        expect("me with the access token", new Browser(base).get("/v1/me", "Authorization", "Bearer " + access), 200);
      } else if (op < 60) {
        expect("me with the API key", new Browser(base).get("/v1/me", "Authorization", "Bearer " + apiKey), 200);
      } else if (op < 72) {
        expect("forward auth", session.at(base).get("/v1/check", "X-Forwarded-Method", "GET"), 200);
      } else if (op < 94) {
        Browser.Response r = new OAuth(base).refresh(mobile, refresh);
        if (expect("refresh", r, 200)) {
          refresh = r.json().get("refresh_token").asText();
          access = r.json().get("access_token").asText();
        }
      } else if (op < 97) {
        expect("logout", session.at(base).postCsrf("/v1/session/logout", null), 204);
        login();
      } else {
        String old = refresh;
        appLogin();
        expect("revoke the previous app login", new OAuth(base).revoke(mobile, old), 200);
      }
    }

    private void login() {
      session = new Browser(base());
      expect("login", session.login(email, ServerHarness.PASSWORD), 200);
    }

    private void appLogin() {
      Browser.Response r = new OAuth(base()).password(mobile, email, ServerHarness.PASSWORD);
      if (expect("password grant", r, 200)) {
        JsonNode t = r.json();
        refresh = t.get("refresh_token").asText();
        access = t.get("access_token").asText();
      }
    }

    private boolean expect(String what, Browser.Response r, int status) {
      if (r.status() != status) {
        errors.add(what + ": " + r.status() + " " + r.body());
        return false;
      }
      return true;
    }
  }
}
