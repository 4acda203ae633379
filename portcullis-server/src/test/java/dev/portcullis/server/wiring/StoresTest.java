package dev.portcullis.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
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

  @Test
  void withAnAuditRetentionTheTrailIsPurgedByTheClock() {
    ServerConfig config = ServerConfig.builder(data).auditRetention(Duration.ofDays(90)).build();
    try (Opened opened = new Opened()) {
      Stores stores = Stores.open(config, null, clock, opened);
      stores.audit().record(new AuditEvent(clock.instant(), AuditEvent.LOGOUT, "u_1", null, null, "old"));
      clock.advance(Duration.ofDays(91));
      stores.audit().record(new AuditEvent(clock.instant(), AuditEvent.LOGOUT, "u_1", null, null, "new"));
      assertThat(stores.purgeable()).containsKey("audit events");
      assertThat(stores.purgeable().get("audit events").purgeExpired()).isEqualTo(1);
      assertThat(stores.audit().find(null, null, 10)).extracting(AuditEvent::detail).containsExactly("new");
    }
  }
}
