package dev.portcullis.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An audit log that also counts what it records, per event type: the source of the server's
 * per-event metrics (sessions created and revoked, reuse detections, throttling, ...) without a
 * metrics library in the core. Counts only what the delegate accepted.
 */
public final class CountingAuditLog implements AuditLog {
  private final AuditLog delegate;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public CountingAuditLog(AuditLog delegate) {
    this.delegate = delegate;
  }

  @Override
  public void record(AuditEvent event) {
    delegate.record(event);
    counts.computeIfAbsent(event.type(), t -> new LongAdder()).increment();
  }

  @Override
  public List<Recorded> page(String userId, String type, Position before, int limit) {
    return delegate.page(userId, type, before, limit);
  }

  /** Events of {@code type} recorded through this instance so far. */
  public long count(String type) {
    LongAdder n = counts.get(type);
    return n == null ? 0 : n.sum();
  }
}
