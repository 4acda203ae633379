package dev.portcullis.audit;

import java.util.List;

/** The append-only audit trail. */
public interface AuditLog {
  void record(AuditEvent event);

  /** Newest first. {@code userId} and {@code type} are optional filters (null = any). */
  List<AuditEvent> find(String userId, String type, int limit);
}
