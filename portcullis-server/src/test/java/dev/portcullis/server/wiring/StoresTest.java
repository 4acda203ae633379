package dev.portcullis.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.server.ServerConfig;
import dev.portcullis.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which stores the housekeeping purges follows from the stores' abilities, not from the backend's name. */
class StoresTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock();

  @Test
  void onTheDatabaseAloneEveryStoreThatExpiresRecordsIsPurged() {
    try (Opened opened = new Opened()) {
      Stores stores = Stores.open(ServerConfig.builder(data).build(), null, clock, opened);
      assertThat(stores.purgeable()).containsOnlyKeys(
          "sessions", "refresh families", "deny-list entries", "retired signing keys", "authorization codes");
      assertThat(stores.readiness()).containsOnlyKeys("embedded");
    }
  }

  @Test
  void withRedisTheStoresWhoseKeysExpireByThemselvesAreNotPurged() {
    // the Redis client connects lazily: opening the stores talks to the database only
    ServerConfig config = ServerConfig.builder(data).redisUrl("redis://127.0.0.1:6379").redisPrefix("pcl-stores-test:")
        .build();
    try (Opened opened = new Opened()) {
      Stores stores = Stores.open(config, null, clock, opened);
      assertThat(stores.purgeable()).containsOnlyKeys("refresh families", "retired signing keys",
          "authorization codes");
      assertThat(stores.readiness()).containsOnlyKeys("embedded", "redis");
    }
  }
}
