package dev.portcullis.audit;

import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Keeps the audit trail to a retention period: each purge deletes the events older than {@code
 * keep} (by the injected clock) in batches of {@link #BATCH}, each batch one short statement, until
 * a batch comes back short. Events that remain keep their positions, so paging goes on unharmed.
 */
public final class AuditRetention implements Purgeable {
  public static final int BATCH = 1000;

  private final PrunableAuditLog log;
  private final Duration keep;
  private final Clock clock;
  private final int batch;

  public AuditRetention(PrunableAuditLog log, Duration keep, Clock clock) {
    this(log, keep, clock, BATCH);
  }

  /** With another batch size (tests walk several batches with few events). */
  public AuditRetention(PrunableAuditLog log, Duration keep, Clock clock, int batch) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("the audit retention must be positive");
    }
    if (batch <= 0) {
      throw new IllegalArgumentException("the batch size must be positive");
    }
    this.log = Objects.requireNonNull(log);
    this.keep = keep;
    this.clock = Objects.requireNonNull(clock);
    this.batch = batch;
  }

  public Duration keep() {
    return keep;
  }

  @Override
  public int purgeExpired() {
    // one cutoff for the whole round: events recorded meanwhile are newer and never keep it going
    var cutoff = clock.instant().minus(keep);
    int total = 0;
    int n;
    do {
      n = log.deleteBefore(cutoff, batch);
      total += n;
    } while (n >= batch);
    return total;
  }
}
