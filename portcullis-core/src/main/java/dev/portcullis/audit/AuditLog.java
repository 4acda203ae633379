package dev.portcullis.audit;

import dev.portcullis.error.InvalidRequestException;
import java.util.List;

/** The append-only audit trail. */
public interface AuditLog {
  /**
   * Where an event sits in the trail: its instant, then the order it was recorded in. Pages are
   * cut at a position ("every event older than this one"), so an event recorded while someone
   * pages never shifts a page, and none is skipped or shown twice.
   */
  record Position(long atMillis, long seq) {
    /** The wire form, {@code <millis>.<seq>}: opaque to clients. */
    @Override
    public String toString() {
      return atMillis + "." + seq;
    }

    /** Parses {@link #toString()}'s form; {@link InvalidRequestException} for anything else. */
    public static Position parse(String raw) {
      int dot = raw == null ? -1 : raw.indexOf('.');
      if (dot > 0 && dot < 20 && raw.length() - dot <= 20) {
        try {
          long at = Long.parseLong(raw.substring(0, dot));
          long seq = Long.parseLong(raw.substring(dot + 1));
          if (at >= 0 && seq >= 0) {
            return new Position(at, seq);
          }
        } catch (NumberFormatException e) {
          // same answer as below
        }
      }
      throw new InvalidRequestException("before must be the id of an audit event from an earlier page.");
    }
  }

  /** An event with its position in the trail. */
  record Recorded(Position position, AuditEvent event) {}

  void record(AuditEvent event);

  /**
   * Newest first, strictly older than {@code before} (null for the newest page). {@code userId} and
   * {@code type} are optional filters (null = any).
   */
  List<Recorded> page(String userId, String type, Position before, int limit);

  /** Newest first. {@code userId} and {@code type} are optional filters (null = any). */
  default List<AuditEvent> find(String userId, String type, int limit) {
    return page(userId, type, null, limit).stream().map(Recorded::event).toList();
  }
}
