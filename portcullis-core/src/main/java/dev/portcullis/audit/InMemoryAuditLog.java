package dev.portcullis.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The audit trail in a list, for tests and single-process embedding. Events with the same instant
 * are returned most recently recorded first, matching the JDBC log's identity order.
 */
public final class InMemoryAuditLog implements PrunableAuditLog {
  private record Entry(long seq, AuditEvent event) {}

  private final List<Entry> entries = new ArrayList<>();
  private long seq;

  @Override
  public synchronized void record(AuditEvent event) {
    entries.add(new Entry(seq++, Objects.requireNonNull(event)));
  }

  @Override
  public synchronized int deleteBefore(Instant cutoff, int max) {
    if (max <= 0) {
      return 0;
    }
    Set<Entry> doomed = new HashSet<>(entries.stream()
        .filter(e -> e.event().at().isBefore(cutoff))
        .sorted(Comparator.comparing((Entry e) -> e.event().at()).thenComparingLong(Entry::seq))
        .limit(max)
        .toList());
    entries.removeIf(doomed::contains);
    return doomed.size();
  }

  @Override
  public synchronized List<Recorded> page(String userId, String type, Position before, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    Comparator<Position> order = Comparator.comparingLong(Position::atMillis).thenComparingLong(Position::seq);
    return entries.stream()
        .filter(e -> userId == null || userId.equals(e.event().userId()))
        .filter(e -> type == null || type.equals(e.event().type()))
        .map(e -> new Recorded(new Position(e.event().at().toEpochMilli(), e.seq()), e.event()))
        .filter(r -> before == null || order.compare(r.position(), before) < 0)
        .sorted(Comparator.comparing(Recorded::position, order).reversed())
        .limit(limit)
        .toList();
  }
}
