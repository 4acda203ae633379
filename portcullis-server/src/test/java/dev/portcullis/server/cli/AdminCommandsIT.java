package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.server.Browser;
import dev.portcullis.server.ServerHarness;
import dev.portcullis.server.http.Json;
import dev.portcullis.testkit.RedisProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The admin commands against a real server over its admin API, and the admin routes they added
 * (a user, their sessions, the client list and removal). The admin token comes from the
 * environment and never appears in any output.
 */
class AdminCommandsIT {
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer("http://portcullis.test"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static CliRun admin() {
    return new CliRun().env("PORTCULLIS_ADMIN_TOKEN", ServerHarness.ADMIN_TOKEN).env("PORTCULLIS_URL", h.base);
  }

  static CliRun.Result ok(String... args) {
    CliRun.Result r = admin().run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    assertThat(r.out() + r.err()).doesNotContain(ServerHarness.ADMIN_TOKEN);
    return r;
  }

  static JsonNode json(String... args) throws Exception {
    String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
    withJson[args.length] = "--json";
    return Json.MAPPER.readTree(ok(withJson).out());
  }

  @Test
  void usersShowRolesAndForceLogout() throws Exception {
    String email = ServerHarness.email();
    String id = h.register(email);
    assertThat(ok("users", "show", id).out()).contains("user_id: " + id).contains("email: " + email).contains("roles: ");
    assertThat(ok("users", "roles", id, "--set", "support,billing").out()).contains("roles of " + id + ": billing,support");
    assertThat(json("users", "show", id).get("roles").toString()).isEqualTo("[\"billing\",\"support\"]");
    Browser b = h.browser();
    b.login(email, ServerHarness.PASSWORD);
    assertThat(b.get("/v1/me").status()).isEqualTo(200);
    assertThat(ok("users", "force-logout", id).out()).contains("logged out " + id + " everywhere");
    assertThat(b.get("/v1/me").status()).isEqualTo(401);
    CliRun.Result unknown = admin().run("users", "show", "u_nobody");
    assertThat(unknown.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(unknown.noStackTrace().err()).contains("answered 404 not_found: No such user.");
  }

  @Test
  void usersListPagesThroughEveryUserAndShowFindsByEmail() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(h.register(ServerHarness.email()));
    }
    // walk every page of two: each user once, in email order
    List<String> seen = new java.util.ArrayList<>();
    String after = null;
    while (true) {
      JsonNode page = after == null ? json("users", "list", "--limit", "2") : json("users", "list", "--limit", "2", "--after", after);
      page.forEach(u -> seen.add(u.get("user_id").asText()));
      if (page.size() < 2) {
        break;
      }
      after = page.get(1).get("email").asText();
    }
    assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
    assertThat(ok("users", "list", "--limit", "1").out()).contains("user_id").contains("next page: portcullis users list --after ");
    String tagged = "cli-query-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String taggedId = h.register(tagged);
    assertThat(json("users", "list", "--query", tagged.substring(0, 18)).get(0).get("user_id").asText()).isEqualTo(taggedId);
    String email = ServerHarness.email();
    String id = h.register(email);
    assertThat(ok("users", "show", "  " + email.toUpperCase(java.util.Locale.ROOT)).out()).contains("user_id: " + id);
    CliRun.Result nobody = admin().run("users", "show", "nobody@example.com");
    assertThat(nobody.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(nobody.err()).contains("no user with email nobody@example.com");
    CliRun.Result badLimit = admin().run("users", "list", "--limit", "5000");
    assertThat(badLimit.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(badLimit.noStackTrace().err()).contains("400 invalid_request: limit must be a whole number from 1 to 1000.");
  }

  @Test
  void sessionsListAndRevokeOneOfAUser() throws Exception {
    String email = ServerHarness.email();
    String id = h.register(email);
    Browser first = h.browser();
    first.login(email, ServerHarness.PASSWORD);
    Browser second = h.browser();
    second.login(email, ServerHarness.PASSWORD);
    JsonNode list = json("sessions", "list", "--user", id);
    assertThat(list).hasSize(2);
    assertThat(list.findValuesAsText("current")).containsOnly("false");
    String firstId = first.get("/v1/session").json().get("session_id").asText();
    assertThat(ok("sessions", "list", "--user", id).out()).contains("session_id").contains(firstId).contains("browser");
    assertThat(ok("sessions", "revoke", "--user", id, firstId).out()).contains("ended " + firstId);
    assertThat(first.get("/v1/me").status()).isEqualTo(401);
    assertThat(second.get("/v1/me").status()).isEqualTo(200);
    // another user's session id is 404, not a way to end it
    String other = h.register(ServerHarness.email());
    String secondId = second.get("/v1/session").json().get("session_id").asText();
    CliRun.Result cross = admin().run("sessions", "revoke", "--user", other, secondId);
    assertThat(cross.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(second.get("/v1/me").status()).isEqualTo(200);
    assertThat(admin().run("sessions", "list", "--user", "u_nobody").code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(admin().run("sessions", "list").err()).contains("Missing required option: '--user=USER_ID'");
  }

  @Test
  void clientsAddPrintsTheSecretOnceListNeverAndRemoveEndsTheClient() throws Exception {
    CliRun.Result added = ok("clients", "add", "--type", "service", "--name", "billing", "--audience", "https://api.example.com",
        "--scope", "invoices:read,invoices:write");
    assertThat(added.out()).contains("client_secret: pcl_cs_").contains("shown once");
    String clientId = added.out().lines().filter(l -> l.startsWith("client_id: ")).findFirst().orElseThrow().substring(11);
    String secret = added.out().lines().filter(l -> l.startsWith("client_secret: ")).findFirst().orElseThrow().substring(15);
    JsonNode list = json("clients", "list");
    assertThat(list.toString()).contains(clientId).contains("invoices:write").doesNotContain(secret).doesNotContain("\"client_secret\"");
    assertThat(ok("clients", "list").out()).contains(clientId).contains("service").contains("billing");
    String grant = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret;
    assertThat(h.browser().postRaw("/v1/token", grant, "application/x-www-form-urlencoded").status()).isEqualTo(200);
    assertThat(ok("clients", "remove", clientId).out()).contains("removed client " + clientId);
    assertThat(h.browser().postRaw("/v1/token", grant, "application/x-www-form-urlencoded").status()).isEqualTo(401);
    assertThat(json("clients", "list").toString()).doesNotContain(clientId);
    assertThat(admin().run("clients", "remove", clientId).code()).isEqualTo(ExitCodes.REFUSED);
    CliRun.Result badType = admin().run("clients", "add", "--type", "toaster", "--name", "x");
    assertThat(badType.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(badType.noStackTrace().err()).contains("400 invalid_request: type must be one of");
    JsonNode app = json("clients", "add", "--type", "mobile", "--name", "app", "--redirect-uri", "http://127.0.0.1/cb",
        "--grant", "authorization_code,refresh_token");
    assertThat(app.has("client_secret")).isFalse();
    assertThat(app.get("redirect_uris").get(0).asText()).isEqualTo("http://127.0.0.1/cb");
    assertThat(app.get("first_party").asBoolean()).isTrue();
    assertThat(json("clients", "add", "--type", "browser", "--name", "partner", "--redirect-uri",
        "https://partner.example/cb", "--third-party").get("first_party").asBoolean()).isFalse();
    CliRun.Result bad = admin().run("clients", "add", "--type", "mobile", "--name", "app", "--grant", "implicit");
    assertThat(bad.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(bad.noStackTrace().err()).contains("grant_types may hold");
  }

  @Test
  void keysListAndRotate() throws Exception {
    JsonNode before = json("keys", "list");
    assertThat(before).isNotEmpty();
    assertThat(before.get(0).get("state").asText()).isEqualTo("signing");
    CliRun.Result rotated = ok("keys", "rotate");
    assertThat(rotated.out()).contains("is published now and signs from");
    String kid = rotated.out().split(" ")[2];
    assertThat(ok("keys", "list").out()).contains(kid).contains("RS256").contains("scheduled");
    CliRun.Result unconfirmed = admin().run("keys", "rotate", "--emergency");
    assertThat(unconfirmed.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unconfirmed.err()).contains("add --yes");
    assertThat(ok("keys", "rotate", "--emergency", "--yes").out()).contains("signs now; every other key was withdrawn");
    assertThat(json("keys", "list")).hasSize(1);
  }

  @Test
  void apiKeysListAndRevoke() throws Exception {
    String email = ServerHarness.email();
    String id = h.register(email);
    Browser b = h.browser();
    b.login(email, ServerHarness.PASSWORD);
    JsonNode created = b.postCsrf("/v1/api-keys", Map.of("name", "ci")).json();
    String keyId = created.get("id").asText();
    String key = created.get("key").asText();
    assertThat(ok("api-keys", "list", "--user", id).out()).contains(keyId).contains("ci").contains("active").doesNotContain(key);
    assertThat(h.browser().header("Authorization", "Bearer " + key).get("/v1/me").status()).isEqualTo(200);
    CliRun.Result wholeKey = admin().run("api-keys", "revoke", key);
    assertThat(wholeKey.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(wholeKey.err()).contains("looks like a whole key").doesNotContain(key);
    assertThat(ok("api-keys", "revoke", keyId).out()).contains("revoked API key " + keyId);
    assertThat(h.browser().header("Authorization", "Bearer " + key).get("/v1/me").status()).isEqualTo(401);
    assertThat(json("api-keys", "list", "--user", id)).isEmpty();
  }

  @Test
  void auditTailPrintsOldestFirstFiltersByTypeAndFollows() throws Exception {
    String email = ServerHarness.email();
    String id = h.register(email);
    h.browser().login(email, "wrong password 1");
    h.browser().login(email, ServerHarness.PASSWORD);
    List<String> lines = ok("audit", "tail", "--user", id).out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("registered");
    assertThat(lines.get(1)).contains("login_failed");
    assertThat(lines.get(2)).contains("login_succeeded");
    assertThat(ok("audit", "tail", "--user", id, "--type", "login_failed").out().lines()).hasSize(1);
    JsonNode line = Json.MAPPER.readTree(ok("audit", "tail", "--user", id, "-n", "1", "--json").out());
    assertThat(line.get("type").asText()).isEqualTo("login_succeeded");

    // --follow: new events appear once, in order, while it polls; an interrupt (Ctrl-C) ends it cleanly
    AuditTailCommand tail = new AuditTailCommand();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(tail).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
    tail.context(new CliContext(Map.of("PORTCULLIS_ADMIN_TOKEN", ServerHarness.ADMIN_TOKEN)::get,
        java.io.InputStream.nullInputStream(), java.time.Clock.systemUTC(), false));
    CompletableFuture<Integer> code = new CompletableFuture<>();
    Thread follower = new Thread(() -> code.complete(cli.execute("--url", h.base, "--user", id, "-f", "--interval", "100ms")));
    follower.start();
    awaitLines(out, 3);
    h.browser().login(email, "wrong password 2");
    h.browser().login(email, "wrong password 3");
    awaitLines(out, 5);
    Thread.sleep(300); // a few more polls: nothing is printed twice
    follower.interrupt();
    assertThat(code.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    List<String> followed = out.toString().lines().toList();
    assertThat(followed).hasSize(5);
    assertThat(followed.get(3)).contains("login_failed");
    assertThat(followed.get(4)).contains("login_failed");
    assertThat(admin().run("audit", "tail", "--interval", "1ms", "-f").err()).contains("--interval: at least 100ms");
    assertThat(admin().run("audit", "tail", "--type", "Bad Type").code()).isEqualTo(ExitCodes.REFUSED);
  }

  static void awaitLines(StringWriter out, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (out.toString().lines().count() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(out.toString().lines()).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void aWrongTokenAnUnreachableServerAndABadUrlAreClearAndDistinct() throws Exception {
    CliRun.Result wrong = new CliRun().env("PORTCULLIS_ADMIN_TOKEN", "not-the-admin-token-at-all").run("clients", "list", "--url", h.base);
    assertThat(wrong.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(wrong.noStackTrace().err()).contains("401").contains("the admin token was not accepted")
        .doesNotContain("not-the-admin-token-at-all");
    CliRun.Result flag = new CliRun().run("clients", "list", "--url", h.base, "--admin-token", ServerHarness.ADMIN_TOKEN);
    assertThat(flag.code()).isZero();
    int closed = RedisProcess.freePort();
    CliRun.Result down = admin().run("users", "show", "u_1", "--url", "http://127.0.0.1:" + closed);
    assertThat(down.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(down.noStackTrace().err()).isEqualTo("portcullis users show: cannot reach http://127.0.0.1:" + closed
        + ": connection refused (is the server running, on this port?)\n");
    CliRun.Result badUrl = admin().run("keys", "list", "--url", "127.0.0.1:8080");
    assertThat(badUrl.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badUrl.noStackTrace().err()).contains("--url: '127.0.0.1:8080' is not");
    CliRun.Result noToken = new CliRun().run("keys", "rotate", "--url", h.base);
    assertThat(noToken.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noToken.err()).contains("no admin token: set PORTCULLIS_ADMIN_TOKEN");
    CliRun.Result notPortcullis = admin().run("clients", "list", "--url", h.base + "/nothing-here");
    assertThat(notPortcullis.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(admin().run("users").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(admin().run("users").err()).contains("users needs a subcommand: list, show, roles, force-logout");
    assertThat(admin().run("users", "list-all").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void jwtVerifyAcceptsTheServersOwnTokenFromItsJwksUrl() throws Exception {
    JsonNode svc = json("clients", "add", "--type", "service", "--name", "verifier", "--audience", "https://api.example.com");
    String token = h.browser().postRaw("/v1/token", "grant_type=client_credentials&client_id=" + svc.get("client_id").asText()
        + "&client_secret=" + svc.get("client_secret").asText(), "application/x-www-form-urlencoded").json().get("access_token").asText();
    // the harness clock is fixed at its start instant: verify as of that instant
    CliRun.Result r = new CliRun().clock(h.clock).stdin(token).run("jwt", "verify", "-", "--jwks", h.base + "/.well-known/jwks.json",
        "--iss", "http://portcullis.test", "--aud", "https://api.example.com");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("VALID: signed by key");
    CliRun.Result wrongIssuer = new CliRun().clock(h.clock).run("jwt", "verify", token, "--jwks", h.base + "/.well-known/jwks.json",
        "--iss", "https://auth.example.com");
    assertThat(wrongIssuer.code()).isEqualTo(ExitCodes.PROBLEM);
    CliRun.Result notFound = new CliRun().run("jwt", "verify", token, "--jwks", h.base + "/no-jwks-here");
    assertThat(notFound.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(notFound.noStackTrace().err()).contains("answered 404, not 200");
  }
}
