package dev.portcullis.store.jdbc;

import dev.portcullis.audit.AuditLog;
import dev.portcullis.testkit.AuditLogContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2AuditLogTest extends AuditLogContract {
  private final JdbcDatabase db = JdbcDatabase.inMemory("t_" + UUID.randomUUID());

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  @Override
  protected AuditLog newLog() {
    return new JdbcAuditLog(db.dataSource());
  }
}
