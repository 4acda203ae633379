package dev.portcullis.server;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PostgresScratchDatabase;
import dev.portcullis.throttle.RegistrationThrottle;
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
 * Two instances over one scratch PostgreSQL database and one Redis key prefix, with the same issuer
 * and one clock: what a load-balanced deployment looks like. Started one after the other, so the
 * first creates the schema and the signing key and the second loads them. Closing stops both and
 * deletes the database and every key under the prefix.
 */
final class TwoInstances implements Deployment {
  static final String ISSUER = "https://auth.portcullis.test";

  final MutableClock clock = new MutableClock();
  final PostgresScratchDatabase db;
  final String redisUrl = System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", "redis://127.0.0.1:6379");
  final String redisPrefix = "pcl-it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  final PortcullisServer serverA;
  final PortcullisServer serverB;

  private TwoInstances(UnaryOperator<ServerConfig.Builder> customize) throws Exception {
    db = PostgresScratchDatabase.create();
    PortcullisServer first = null;
    try {
      first = PortcullisServer.start(config(customize), clock);
      serverA = first;
      serverB = PortcullisServer.start(config(customize), clock);
    } catch (Exception | Error e) {
      if (first != null) {
        first.close();
      }
      db.close();
      throw e;
    }
  }

  static TwoInstances start() throws Exception {
    return start(b -> b);
  }

  /** Both instances ready ({@code /readyz} 200), each configured by {@code customize} on top of the shared stores. */
  static TwoInstances start(UnaryOperator<ServerConfig.Builder> customize) throws Exception {
    TwoInstances two = new TwoInstances(customize);
    for (String base : List.of(two.a(), two.b())) {
      Browser.Response ready = new Browser(base).get("/readyz");
      if (ready.status() != 200) {
        two.close();
        throw new AssertionError("readyz of " + base + ": " + ready.body());
      }
    }
    return two;
  }

  private ServerConfig config(UnaryOperator<ServerConfig.Builder> customize) throws Exception {
    ServerConfig.Builder b = ServerConfig.builder(Files.createTempDirectory("portcullis-multi-"))
        .host("127.0.0.1").port(0).dev(true).adminToken(ServerHarness.ADMIN_TOKEN)
        .registerLimitPerIp(RegistrationThrottle.Limit.MAX_PER_IP) // every test registers from 127.0.0.1
        .issuer(ISSUER)
        .postgresUrl(db.url()).keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY)
        .redisUrl(redisUrl).redisPrefix(redisPrefix);
    return customize.apply(b).build();
  }

  @Override
  public String a() {
    return "http://127.0.0.1:" + serverA.port();
  }

  @Override
  public String b() {
    return "http://127.0.0.1:" + serverB.port();
  }

  List<String> bases() {
    return List.of(a(), b());
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public void close() {
    try {
      serverA.close();
      serverB.close();
      deleteRedisKeys();
    } finally {
      try {
        db.close();
      } catch (Exception e) {
        throw new IllegalStateException("dropping the scratch database failed", e);
      }
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
