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

  /** In recording order, which is all these tests look at; {@code before} counts recordings. */
  @Override
  public List<Recorded> page(String userId, String type, Position before, int limit) {
    List<Recorded> out = new java.util.ArrayList<>();
    for (int i = 0; i < events.size() && out.size() < limit; i++) {
      AuditEvent e = events.get(i);
      if ((userId == null || userId.equals(e.userId())) && (type == null || type.equals(e.type()))
          && (before == null || i < before.seq())) {
        out.add(new Recorded(new Position(e.at().toEpochMilli(), i), e));
      }
    }
    return out;
  }
}
