package dev.portcullis.testkit;

import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.InMemoryAuditLog;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}
