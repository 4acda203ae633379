package dev.portcullis.audit;

import java.time.Instant;

/**
 * An audit log that can drop its oldest events: the ability {@link AuditRetention} needs. A purge
 * never moves the position of an event that stays, so a paging cursor stays good across it.
 */
public interface PrunableAuditLog extends AuditLog {
  /**
   * Deletes at most {@code max} events recorded strictly before {@code cutoff}, oldest first, and
   * returns how many: bounded work per call, so a large backlog is purged in many short statements.
   */
  int deleteBefore(Instant cutoff, int max);
}
