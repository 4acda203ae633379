package dev.portcullis.server;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.throttle.RegistrationThrottle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Starts a real server on a free port over a fresh embedded store, with a clock tests can move. */
public final class ServerHarness implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  public static final String PASSWORD = "correct horse battery staple";
  /**
   * A fixed key-encryption key (32 bytes, base64) for servers on PostgreSQL, which refuse to start
   * without one: use {@link #onPostgres} or pass it to {@code keyEncryptionKey}.
   */
  public static final String KEY_ENCRYPTION_KEY = "cG9ydGN1bGxpcyB0ZXN0IGtleS1lbmNyeXB0aW9uIGs=";

  public final MutableClock clock = new MutableClock();
  public final PortcullisServer server;
  public final String base;
  public final Path dataDir;

  public ServerHarness(UnaryOperator<ServerConfig.Builder> customize) {
    this(newDataDir(), customize);
  }

  /** A server over an existing embedded store: a restart, or a second look at a store. */
  public ServerHarness(Path dataDir, UnaryOperator<ServerConfig.Builder> customize) {
    this.dataDir = dataDir;
    // every test registers its users from 127.0.0.1: tests of the registration limit set their own
    ServerConfig.Builder b = ServerConfig.builder(dataDir).host("127.0.0.1").port(0).dev(true).adminToken(ADMIN_TOKEN)
        .registerLimitPerIp(RegistrationThrottle.Limit.MAX_PER_IP);
    server = PortcullisServer.start(customize.apply(b).build(), clock);
    base = "http://127.0.0.1:" + server.port();
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("portcullis-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The store settings of a server on the PostgreSQL database {@code url}, with the test KEK. */
  public static UnaryOperator<ServerConfig.Builder> onPostgres(String url) {
    return b -> b.postgresUrl(url).keyEncryptionKey(KEY_ENCRYPTION_KEY);
  }

  public static ServerHarness dev() {
    return new ServerHarness(b -> b);
  }

  public Browser browser() {
    return new Browser(base);
  }

  public static String email() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  /** Registers a fresh user and returns its id. */
  public String register(String email) {
    Browser.Response r = browser().postJson("/v1/register", Map.of("email", email, "password", PASSWORD));
    if (r.status() != 201) {
      throw new AssertionError("register failed: " + r.status() + " " + r.body());
    }
    return r.json().get("user_id").asText();
  }

  /** A browser logged in as a fresh user. */
  public Browser loggedIn() {
    String email = email();
    register(email);
    Browser b = browser();
    Browser.Response r = b.login(email, PASSWORD);
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r.status() + " " + r.body());
    }
    return b;
  }

  /** Logged in against a non-dev server, spoofing forwarded headers that must be ignored. */
  public Browser loggedInSecure() {
    String email = email();
    register(email);
    Browser b = browser().header("X-Forwarded-For", "198.51.100.7");
    Browser.Response r = b.login(email, PASSWORD);
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r.status() + " " + r.body());
    }
    return b;
  }

  public Browser admin() {
    return browser().header("Authorization", "Bearer " + ADMIN_TOKEN);
  }

  @Override
  public void close() {
    server.close();
  }
}
