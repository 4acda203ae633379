package dev.portcullis.token;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class RecordingAuditLog implements AuditLog {
  public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  @Override
  public List<AuditEvent> find(String userId, String type, int limit) {
    return events.stream()
        .filter(e -> (userId == null || userId.equals(e.userId())) && (type == null || type.equals(e.type())))
        .limit(limit)
        .toList();
  }
}
