package dev.portcullis.store.jdbc;

import dev.portcullis.audit.AuditLog;
import dev.portcullis.testkit.AuditLogContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real PostgreSQL: one fresh database per class, emptied before each test. */
class PostgresAuditLogTest extends AuditLogContract {
  @RegisterExtension
  static final PostgresTestDatabase.PerClass pg = new PostgresTestDatabase.PerClass();

  @Override
  protected AuditLog newLog() {
    return new JdbcAuditLog(pg.dataSource());
  }
}
