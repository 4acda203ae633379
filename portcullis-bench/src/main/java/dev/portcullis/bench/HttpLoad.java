package dev.portcullis.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small closed-loop HTTP load driver for a running Portcullis server on this machine: each of
 * {@code --threads} threads sends one request, waits for the answer, sends the next, for
 * {@code --warmup} seconds (not counted) and then {@code --seconds} seconds (counted), and stops.
 *
 * <pre>
 * java -cp portcullis-bench/target/benchmarks.jar dev.portcullis.bench.HttpLoad &lt;scenario&gt;
 *     --url http://127.0.0.1:PORT --admin-token T [--threads 8] [--seconds 20] [--warmup 5] [--label x]
 * </pre>
 *
 * <ul>
 *   <li>{@code refresh}: one user and one password-grant refresh family per thread (mobile client
 *       created through the admin API); each thread chains {@code refresh_token} grants, so every
 *       operation is one rotation (a new refresh token and a newly signed access token).
 *   <li>{@code client-credentials}: one service client; each operation is one {@code
 *       client_credentials} grant (client secret checked, access token signed).
 *   <li>{@code session}: one user and one browser login per thread; each operation is {@code GET
 *       /v1/me} with the session cookie (a session validation and an account read).
 *   <li>{@code bare}: {@code GET /healthz}, the same server's floor for comparison.
 *   <li>{@code check-session}, {@code check-jwt}, {@code check-api-key}: forward auth, {@code GET
 *       /v1/check} with a session cookie, a user's access token (password grant of a mobile client)
 *       or an API key (created with the session); one user per thread. Start the server with a high
 *       {@code --api-key-rate} for the last, or the per-key quota answers 429.
 * </ul>
 *
 * Only {@code http://127.0.0.1} is accepted as a target, and the run is bounded (120 s at most), so
 * this cannot be pointed at someone else's server or left running. Prints one summary line.
 */
public final class HttpLoad {
  private static final List<String> SCENARIOS = List.of("refresh", "client-credentials", "session", "bare",
      "check-session", "check-jwt", "check-api-key");
  private static final int MAX_SECONDS = 120;
  private static final int MAX_WARMUP = 60;
  private static final int MAX_THREADS = 64;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final String PASSWORD = "bench-password-0123";

  private final URI base;
  private final String adminToken;
  private final int threads;
  private final String runId = Long.toString(System.currentTimeMillis(), 36)
      + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private HttpLoad(URI base, String adminToken, int threads) {
    this.base = base;
    this.adminToken = adminToken;
    this.threads = threads;
  }

  /** One thread's loop body: performs one operation and says whether it succeeded. */
  private interface Operation {
    boolean run() throws IOException, InterruptedException;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    String scenario = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          usage("missing value for " + args[i]);
        }
        opts.put(args[i].substring(2), args[++i]);
      } else if (scenario == null) {
        scenario = args[i];
      } else {
        usage("unexpected argument " + args[i]);
      }
    }
    if (scenario == null || !SCENARIOS.contains(scenario)) {
      usage("scenario must be one of " + String.join(", ", SCENARIOS));
    }
    for (String k : opts.keySet()) {
      if (!List.of("url", "admin-token", "threads", "seconds", "warmup", "label").contains(k)) {
        usage("unknown option --" + k);
      }
    }
    URI url = localOnly(opts.getOrDefault("url", ""));
    String adminToken = opts.get("admin-token");
    if (adminToken == null || adminToken.isBlank()) {
      usage("--admin-token is required (the one the server was started with)");
    }
    int threads = intOption(opts, "threads", 8, 1, MAX_THREADS);
    int seconds = intOption(opts, "seconds", 20, 1, MAX_SECONDS);
    int warmup = intOption(opts, "warmup", 0, 0, MAX_WARMUP);
    String label = opts.getOrDefault("label", "");

    HttpLoad load = new HttpLoad(url, adminToken, threads);
    int status;
    try {
      status = load.run(scenario, seconds, warmup, label);
    } catch (IOException | RuntimeException e) {
      System.err.println("HttpLoad: " + scenario + " failed: " + e);
      status = 1;
    }
    System.exit(status); // the client's threads must not keep the JVM alive
  }

  private int run(String scenario, int seconds, int warmup, String label) throws Exception {
    long setupStart = System.nanoTime();
    Operation[] ops = new Operation[threads];
    switch (scenario) {
      case "refresh" -> {
        String clientId = field(adminCreateClient("mobile"), "client_id");
        for (int t = 0; t < threads; t++) {
          String email = register(t);
          ops[t] = refreshChain(clientId, email);
        }
      }
      case "client-credentials" -> {
        String created = adminCreateClient("service");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
            (form(field(created, "client_id")) + ":" + form(field(created, "client_secret")))
                .getBytes(StandardCharsets.UTF_8));
        for (int t = 0; t < threads; t++) {
          ops[t] = () -> send(post("/v1/token", "application/x-www-form-urlencoded",
              "grant_type=client_credentials").header("Authorization", basic)).statusCode() == 200;
        }
      }
      case "session" -> {
        for (int t = 0; t < threads; t++) {
          String cookie = login(register(t));
          ops[t] = () -> send(HttpRequest.newBuilder(base.resolve("/v1/me")).timeout(REQUEST_TIMEOUT)
              .header("Cookie", cookie).GET()).statusCode() == 200;
        }
      }
      case "bare" -> {
        for (int t = 0; t < threads; t++) {
          ops[t] = () -> get("/healthz").statusCode() == 200;
        }
      }
      case "check-session" -> {
        for (int t = 0; t < threads; t++) {
          String cookie = login(register(t));
          ops[t] = () -> get("/v1/check", "Cookie", cookie).statusCode() == 200;
        }
      }
      case "check-jwt" -> {
        String clientId = field(adminCreateClient("mobile"), "client_id");
        for (int t = 0; t < threads; t++) {
          String bearer = "Bearer " + field(passwordGrantAnswer(clientId, register(t)), "access_token");
          ops[t] = () -> get("/v1/check", "Authorization", bearer).statusCode() == 200;
        }
      }
      case "check-api-key" -> {
        for (int t = 0; t < threads; t++) {
          String bearer = "Bearer " + apiKey(register(t));
          ops[t] = () -> get("/v1/check", "Authorization", bearer).statusCode() == 200;
        }
      }
      default -> throw new IllegalArgumentException(scenario);
    }
    double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long measureUntil = measureFrom + seconds * 1_000_000_000L;
    Worker[] workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker(ops[t], measureFrom, measureUntil);
      workers[t].setName("load-" + t);
      workers[t].setDaemon(true);
      workers[t].start();
    }
    for (Worker w : workers) {
      // a request is bounded by its timeout; give stragglers that long past the end, no more
      w.join(Math.max(1, (measureUntil - System.nanoTime()) / 1_000_000) + REQUEST_TIMEOUT.toMillis() + 1000);
    }

    long ok = 0;
    long errors = 0;
    long warmupOps = 0;
    int n = 0;
    for (Worker w : workers) {
      ok += w.ok;
      errors += w.errors;
      warmupOps += w.warmupOps;
      n += w.latencies.size;
    }
    long[] all = new long[n];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies.values, 0, all, at, w.latencies.size);
      at += w.latencies.size;
    }
    Arrays.sort(all);
    String what = switch (scenario) {
      case "refresh" -> "rotations/s";
      case "client-credentials" -> "grants/s";
      case "bare" -> "requests/s";
      default -> "validations/s";
    };
    System.out.printf(Locale.ROOT,
        "HttpLoad %s%s: %.1f %s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d ok, %d errors"
            + " | threads=%d seconds=%d warmup=%d (%d ops) setup=%.1fs url=%s jdk=%s%n",
        scenario, label.isEmpty() ? "" : " " + label, ok / (double) seconds, what,
        percentile(all, 0.50), percentile(all, 0.99), n == 0 ? 0.0 : all[n - 1] / 1e6, ok, errors,
        threads, seconds, warmup, warmupOps, setupSeconds, base, System.getProperty("java.version"));
    for (Worker w : workers) {
      if (w.firstError != null) {
        System.err.println("HttpLoad: first error on " + w.getName() + ": " + w.firstError);
      }
    }
    return ok > 0 ? 0 : 1;
  }

  /** A refresh family, re-established with a password grant if a rotation is ever refused. */
  private Operation refreshChain(String clientId, String email) throws IOException, InterruptedException {
    String[] refresh = {passwordGrant(clientId, email)};
    return () -> {
      HttpResponse<String> r = send(post("/v1/token", "application/x-www-form-urlencoded",
          "grant_type=refresh_token&refresh_token=" + form(refresh[0]) + "&client_id=" + form(clientId)));
      if (r.statusCode() == 200) {
        refresh[0] = field(r.body(), "refresh_token");
        return true;
      }
      refresh[0] = passwordGrant(clientId, email); // the chain is broken: start a new one
      return false;
    };
  }

  private String passwordGrant(String clientId, String email) throws IOException, InterruptedException {
    return field(passwordGrantAnswer(clientId, email), "refresh_token");
  }

  private String passwordGrantAnswer(String clientId, String email) throws IOException, InterruptedException {
    HttpResponse<String> r = send(post("/v1/token", "application/x-www-form-urlencoded",
        "grant_type=password&username=" + form(email) + "&password=" + form(PASSWORD)
            + "&client_id=" + form(clientId)));
    expect(r, 200, "password grant");
    return r.body();
  }

  /** Signs the user in and creates an API key with the session and its CSRF token; returns the key. */
  private String apiKey(String email) throws IOException, InterruptedException {
    HttpResponse<String> login = send(post("/v1/session/login", "application/json",
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"));
    expect(login, 200, "login");
    String cookie = login.headers().allValues("Set-Cookie").get(0).split(";", 2)[0].trim();
    HttpResponse<String> r = send(post("/v1/api-keys", "application/json", "{\"name\":\"bench\",\"scopes\":[]}")
        .header("Cookie", cookie).header("X-CSRF-Token", field(login.body(), "csrf_token")));
    expect(r, 201, "POST /v1/api-keys");
    return field(r.body(), "key");
  }

  private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  private String register(int thread) throws IOException, InterruptedException {
    String email = "bench-" + runId + "-" + thread + "@example.com";
    HttpResponse<String> r = send(post("/v1/register", "application/json",
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"));
    expect(r, 201, "register");
    return email;
  }

  /** Logs in and returns the {@code name=value} of the session cookie. */
  private String login(String email) throws IOException, InterruptedException {
    HttpResponse<String> r = send(post("/v1/session/login", "application/json",
        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"));
    expect(r, 200, "login");
    for (String c : r.headers().allValues("Set-Cookie")) {
      String pair = c.split(";", 2)[0].trim();
      if (pair.contains("=") && !pair.endsWith("=")) {
        return pair;
      }
    }
    throw new IOException("login answered without a session cookie");
  }

  private String adminCreateClient(String type) throws IOException, InterruptedException {
    HttpResponse<String> r = send(post("/v1/admin/clients", "application/json",
        "{\"type\":\"" + type + "\",\"name\":\"bench-" + type + "-" + runId + "\""
            // the load logs in with the legacy password grant: a mobile client opts in to it
            + (type.equals("mobile") ? ",\"grant_types\":[\"password\",\"refresh_token\"]" : "") + "}")
        .header("Authorization", "Bearer " + adminToken));
    expect(r, 201, "POST /v1/admin/clients");
    return r.body();
  }

  private HttpRequest.Builder post(String path, String contentType, String body) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      String body = r.body() == null ? "" : r.body();
      throw new IOException(what + " answered " + r.statusCode() + ": "
          + body.substring(0, Math.min(200, body.length())));
    }
  }

  /** The value of a top-level string field; enough for the server's flat, unescaped answers. */
  static String field(String json, String name) throws IOException {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(json);
    if (!m.find()) {
      throw new IOException("no \"" + name + "\" in the answer");
    }
    return m.group(1);
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  /** Only plain HTTP to 127.0.0.1: a load generator must not be aimed at anything else. */
  static URI localOnly(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      usage("--url is not a URL: " + url);
      return null;
    }
    if (!"http".equals(u.getScheme()) || !"127.0.0.1".equals(u.getHost()) || u.getPort() < 1
        || u.getUserInfo() != null) {
      usage("--url must be http://127.0.0.1:PORT (this driver refuses any other host); got " + url);
    }
    return URI.create("http://127.0.0.1:" + u.getPort() + "/");
  }

  private static int intOption(Map<String, String> opts, String name, int dflt, int min, int max) {
    String v = opts.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    usage("--" + name + " must be a whole number from " + min + " to " + max);
    return dflt;
  }

  private static void usage(String problem) {
    System.err.println("HttpLoad: " + problem);
    System.err.println("usage: HttpLoad refresh|client-credentials|session --url http://127.0.0.1:PORT"
        + " --admin-token T [--threads 8 (1-" + MAX_THREADS + ")] [--seconds 20 (1-" + MAX_SECONDS + ")]"
        + " [--warmup 0 (0-" + MAX_WARMUP + ")] [--label text]");
    System.exit(2);
  }

  /** Runs its operation back to back until {@code until}; counts only what falls in the window. */
  private static final class Worker extends Thread {
    private final Operation op;
    private final long from;
    private final long until;
    final LongList latencies = new LongList();
    long ok;
    long errors;
    long warmupOps;
    String firstError;

    Worker(Operation op, long from, long until) {
      this.op = op;
      this.from = from;
      this.until = until;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      while (now < until) {
        long t0 = now;
        boolean success;
        String error = null;
        try {
          success = op.run();
          if (!success) {
            error = "unexpected status";
          }
        } catch (IOException | RuntimeException e) {
          success = false;
          error = e.toString();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        now = System.nanoTime();
        if (t0 < from) {
          warmupOps++;
        } else if (now <= until) {
          if (success) {
            ok++;
            latencies.add(now - t0);
          } else {
            errors++;
            if (firstError == null) {
              firstError = error;
            }
          }
        }
      }
    }
  }

  /** A growable array of longs: no boxing on the measured path. */
  private static final class LongList {
    long[] values = new long[1 << 14];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
