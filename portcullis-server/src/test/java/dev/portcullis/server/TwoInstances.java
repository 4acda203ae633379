package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PostgresScratchDatabase;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Two instances over one fresh PostgreSQL database and one Redis key prefix, with the same issuer
 * and one clock: what a deployment behind a load balancer looks like. Closing stops both, deletes
 * the keys under the prefix and drops the database.
 */
final class TwoInstances implements AutoCloseable {
  static final String ISSUER = "https://auth.portcullis.test";

  final MutableClock clock = new MutableClock();
  private final PostgresScratchDatabase db;
  private final String redisUrl = System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", "redis://127.0.0.1:6379");
  private final String redisPrefix = "pcl-it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private PortcullisServer serverA;
  private PortcullisServer serverB;
  final String a;
  final String b;

  /** Starts both, each configured by {@code customize} on top of the shared stores, and waits for /readyz. */
  TwoInstances(UnaryOperator<ServerConfig.Builder> customize) throws Exception {
    db = PostgresScratchDatabase.create();
    try {
      // one after the other: the first creates the schema and the signing key, the second loads them
      serverA = PortcullisServer.start(config(customize), clock);
      serverB = PortcullisServer.start(config(customize), clock);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    a = "http://127.0.0.1:" + serverA.port();
    b = "http://127.0.0.1:" + serverB.port();
    for (String base : bases()) {
      Browser.Response ready = new Browser(base).get("/readyz");
      assertThat(ready.status()).as("readyz of %s: %s", base, ready.body()).isEqualTo(200);
    }
  }

  private ServerConfig config(UnaryOperator<ServerConfig.Builder> customize) throws Exception {
    return customize.apply(ServerConfig.builder(Files.createTempDirectory("portcullis-multi-"))
        .host("127.0.0.1").port(0).dev(true).adminToken(ServerHarness.ADMIN_TOKEN)
        .issuer(ISSUER)
        .postgresUrl(db.url()).keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY)
        .redisUrl(redisUrl).redisPrefix(redisPrefix)).build();
  }

  List<String> bases() {
    return List.of(a, b);
  }

  static Browser admin(String base) {
    return new Browser(base).header("Authorization", "Bearer " + ServerHarness.ADMIN_TOKEN);
  }

  @Override
  public void close() throws Exception {
    try {
      if (serverA != null) {
        serverA.close();
      }
      if (serverB != null) {
        serverB.close();
      }
      deleteRedisKeys();
    } finally {
      db.close();
    }
  }

  private void deleteRedisKeys() {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(Duration.ofSeconds(5));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      ScanArgs match = ScanArgs.Builder.matches(redisPrefix + "*").limit(1000);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = c.sync().scan(cursor, match);
        if (!page.getKeys().isEmpty()) {
          c.sync().unlink(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
