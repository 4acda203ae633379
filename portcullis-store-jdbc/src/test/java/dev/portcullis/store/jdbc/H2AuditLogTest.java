package dev.portcullis.store.jdbc;

import dev.portcullis.audit.AuditLog;
import dev.portcullis.testkit.AuditLogContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a fresh in-memory H2 database (PostgreSQL mode) per test. */
class H2AuditLogTest extends AuditLogContract {
  @RegisterExtension
  final H2TestDatabase db = new H2TestDatabase();

  @Override
  protected AuditLog newLog() {
    return new JdbcAuditLog(db.dataSource());
  }
}
