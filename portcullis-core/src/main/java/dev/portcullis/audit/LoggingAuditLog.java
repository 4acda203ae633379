package dev.portcullis.audit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * An audit log that also writes every event it recorded as one INFO line on the logger {@value
 * #LOGGER}, so operators ship the trail with their logs. The fields go both into the message, as
 * {@code key=value} pairs, and as SLF4J key-value pairs, which a structured encoder (logback's
 * {@code JsonEncoder}: {@code "kvpList"}) writes as fields of their own. The user agent and the detail
 * come from requests: in the message every control character (CR and LF included) is escaped and
 * every value that is not a plain word is quoted, so no one can forge a line; a JSON encoder escapes
 * by construction. Audit events hold no secret, so neither do these lines.
 */
public final class LoggingAuditLog implements AuditLog {
  public static final String LOGGER = "portcullis.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final AuditLog delegate;

  public LoggingAuditLog(AuditLog delegate) {
    this.delegate = delegate;
  }

  /** Logs once the delegate has kept the event: a line stands for an event of the trail. */
  @Override
  public void record(AuditEvent event) {
    delegate.record(event);
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringBuilder line = new StringBuilder("audit ").append(quoted(event.type()));
    LoggingEventBuilder log = LOG.atInfo();
    log = field(log, line, "at", event.at().toString());
    log = field(log, line, "type", event.type());
    log = field(log, line, "user_id", event.userId());
    log = field(log, line, "ip", event.ip());
    log = field(log, line, "user_agent", event.userAgent());
    log = field(log, line, "detail", event.detail());
    log.log(line.toString());
  }

  @Override
  public List<Recorded> page(String userId, String type, Position before, int limit) {
    return delegate.page(userId, type, before, limit);
  }

  /** An absent field is left out of both forms (a JSON encoder would write null as "null"). */
  private static LoggingEventBuilder field(LoggingEventBuilder log, StringBuilder line, String key, String value) {
    if (value == null) {
      return log;
    }
    if (!key.equals("type")) { // the type already leads the line
      line.append(' ').append(key).append('=').append(quoted(value));
    }
    return log.addKeyValue(key, value);
  }

  /** The value as is when it is a plain token, else in double quotes with {@link #escape}. */
  static String quoted(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && "_-.:/@+".indexOf(c) < 0) {
        return '"' + escape(value) + '"';
      }
    }
    return value.isEmpty() ? "\"\"" : value;
  }

  /**
   * Backslash, quote and every control character escaped (C0, DEL, C1, the Unicode line and
   * paragraph separators, which some viewers break lines on, and format characters such as the
   * bidirectional overrides, which reorder what a reader sees): the result is one honest line.
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
              || Character.getType(c) == Character.FORMAT) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
