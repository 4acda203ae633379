package dev.portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.crypto.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.portcullis.error.StoreUnavailableException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcDatabaseTest {
  @TempDir Path tmp;

  @Test
  void embeddedCreatesAnOwnerOnlyDataDirectory() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path dir = tmp.resolve("data/nested");
    try (JdbcDatabase db = JdbcDatabase.embedded(dir)) {
      assertThat(db.isReachable()).isTrue();
    }
    assertThat(dir).isDirectory();
    assertThat(PosixFilePermissions.toString(uncheckedPermissions(dir))).isEqualTo("rwx------");
  }

  @Test
  void embeddedKeepsDataAcrossReopen() {
    Path dir = tmp.resolve("data");
    try (JdbcDatabase db = JdbcDatabase.embedded(dir)) {
      new JdbcSecretStore(db.dataSource(), Clock.systemUTC()).getOrCreate("k", "first");
    }
    try (JdbcDatabase db = JdbcDatabase.embedded(dir)) {
      SecretStore secrets = new JdbcSecretStore(db.dataSource(), Clock.systemUTC());
      assertThat(secrets.getOrCreate("k", "second")).isEqualTo("first");
    }
  }

  @Test
  void isReachableTurnsFalseAfterClose() {
    JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());
    assertThat(db.isReachable()).isTrue();
    db.close();
    assertThat(db.isReachable()).isFalse();
  }

  @Test
  void storesOnAClosedDatabaseFailWithoutLeakingValues() {
    JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());
    JdbcSecretStore secrets = new JdbcSecretStore(db.dataSource(), Clock.systemUTC());
    db.close();
    assertThatThrownBy(() -> secrets.getOrCreate("k", "s3cr3t-value"))
        .isInstanceOf(RuntimeException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-value"));
  }

  @Test
  void unreachablePostgresIsStoreUnavailable() {
    // port 1 on loopback refuses at once: the pool cannot start and the caller gets a 503 cause
    assertThatThrownBy(() -> JdbcDatabase.of("jdbc:postgresql://127.0.0.1:1/none?user=nobody&connectTimeout=2"))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void inMemoryRejectsNamesThatCouldInjectSettings() {
    assertThatThrownBy(() -> JdbcDatabase.inMemory("x;INIT=RUNSCRIPT FROM 'evil'"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Set<PosixFilePermission> uncheckedPermissions(Path p) {
    try {
      return Files.getPosixFilePermissions(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
