package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.HashingPool;
import dev.portcullis.server.wiring.Opened;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.store.redis.RedisConnection;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PostgresScratchDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A start-up that fails at any step closes whatever it had opened before that step: the database
 * pool (PostgreSQL connections, the H2 file), the Redis client, the hashing pool, the threads.
 */
@Timeout(value = 120)
class FailedStartIT {
  static final String REDIS = System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", "redis://127.0.0.1:6379");
  static final String REDIS_PREFIX = "pcl-failed-start:";
  /** 32 bytes, but not the key the stores below were sealed with. */
  static final String OTHER_KEK = Base64.getEncoder().encodeToString("another key-encryption key, 32 b".getBytes());

  final MutableClock clock = new MutableClock();
  PostgresScratchDatabase db;

  @BeforeEach
  void createDatabase() throws SQLException {
    db = PostgresScratchDatabase.create();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    db.close();
  }

  @Test
  void aStartThatFailsAtItsLastStepClosesTheDatabasePoolTheRedisClientAndItsThreads() throws Exception {
    try (ServerHarness first = new ServerHarness(ServerHarness.onPostgres(db.url()))) {
      assertThat(first.browser().get("/readyz").status()).isEqualTo(200); // its signing key is sealed under the test KEK
    }
    KeysAtRestIT.awaitNoConnections(db);
    execute(db.url(), "DELETE FROM server_secrets"); // so the CSRF key passes, and the signing keys fail, last
    Set<Thread> threadsBefore = nonDaemonThreads();
    ServerConfig config = ServerConfig.builder(ServerHarness.newDataDir()).host("127.0.0.1").port(0)
        .postgresUrl(db.url()).keyEncryptionKey(OTHER_KEK).redisUrl(REDIS).redisPrefix(REDIS_PREFIX).build();
    Opened opened = new Opened();

    assertThatThrownBy(() -> Registry.open(config, clock, opened))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not decrypt");

    List<AutoCloseable> resources = opened.resources();
    assertThat(resources).hasAtLeastOneElementOfType(JdbcDatabase.class)
        .hasAtLeastOneElementOfType(RedisConnection.class).hasAtLeastOneElementOfType(HashingPool.class);
    try (RedisConnection control = new RedisConnection(REDIS, REDIS_PREFIX)) {
      assertThat(control.ping()).as("Redis is up: only a closed client fails to reach it").isTrue();
    }
    for (AutoCloseable resource : resources) {
      if (resource instanceof JdbcDatabase database) {
        assertThat(database.isReachable()).as("the database pool is closed").isFalse();
      } else if (resource instanceof RedisConnection redis) {
        assertThat(redis.ping()).as("the Redis client is shut down").isFalse();
      } else if (resource instanceof HashingPool pool) {
        assertThatThrownBy(() -> pool.run(() -> 1)).as("the hashing pool takes no more work");
      }
    }
    KeysAtRestIT.awaitNoConnections(db);
    Set<Thread> left = nonDaemonThreads();
    left.removeAll(threadsBefore);
    assertThat(left).as("threads the failed start left running").isEmpty();
  }

  @Test
  void aRedisUrlLettuceRefusesClosesTheDatabaseOpenedBeforeIt() throws Exception {
    ServerConfig config = ServerConfig.builder(ServerHarness.newDataDir()).host("127.0.0.1").port(0)
        .postgresUrl(db.url()).keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY).redisUrl("localhost:6379").build();

    assertThatThrownBy(() -> PortcullisServer.start(config, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Scheme localhost not supported");

    // the pool was open (and the schema migrated) when the Redis step threw; it used to stay open
    assertThat(KeysAtRestIT.tables(db.url())).contains("signing_keys");
    KeysAtRestIT.awaitNoConnections(db);
  }

  @Test
  void aFailedStartOnTheEmbeddedStoreLeavesItsH2FileToTheNextStart() throws Exception {
    Path data = ServerHarness.newDataDir();
    try (ServerHarness first = new ServerHarness(data, b -> b.keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY))) {
      assertThat(first.browser().get("/readyz").status()).isEqualTo(200);
    }
    ServerConfig wrongKey = ServerConfig.builder(data).host("127.0.0.1").port(0).dev(true).keyEncryptionKey(OTHER_KEK)
        .build();

    assertThatThrownBy(() -> PortcullisServer.start(wrongKey, clock))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("was encrypted under key-encryption key");

    // H2 shares an open file database within the JVM: a pool left open would show as further sessions
    String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("portcullis")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      rs.next();
      assertThat(rs.getInt(1)).as("sessions on the H2 file besides this one").isEqualTo(1);
    }
    try (ServerHarness again = new ServerHarness(data, b -> b.keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY))) {
      assertThat(again.browser().get("/readyz").status()).isEqualTo(200);
    }
  }

  /**
   * Live non-daemon threads, except Netty's shared {@code globalEventExecutor}: Lettuce's shutdown
   * hands it a task, and it ends by itself after a second without work, owned by no client.
   */
  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && !t.getName().startsWith("globalEventExecutor"))
        .collect(Collectors.toSet());
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
