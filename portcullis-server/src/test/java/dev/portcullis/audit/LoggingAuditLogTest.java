package dev.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as log lines, through logback as the server ships it: one line per event kept,
 * attacker-supplied text escaped in the text form, each field its own JSON field in the JSON form.
 * (In the server module: the core has no logging backend to test against.)
 */
class LoggingAuditLogTest {
  private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

  private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger logger = ctx.getLogger(LoggingAuditLog.LOGGER);
  private final Level before = logger.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final InMemoryAuditLog trail = new InMemoryAuditLog();
  private final LoggingAuditLog log = new LoggingAuditLog(trail);

  @BeforeEach
  void capture() {
    appender.setContext(ctx);
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO); // as in production; the tests' logback configuration says WARN
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(before);
  }

  private String json(ILoggingEvent e) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(ctx);
    encoder.start();
    return new String(encoder.encode(e), StandardCharsets.UTF_8);
  }

  @Test
  void eachEventKeptIsOneInfoLineWithItsFieldsAsKeyValuePairs() throws Exception {
    AuditEvent e = new AuditEvent(AT, AuditEvent.LOGIN_SUCCEEDED, "u_1", "198.51.100.7", "curl/8.5", "session s_1 created");
    log.record(e);

    assertThat(trail.find(null, null, 10)).containsExactly(e);
    assertThat(appender.list).hasSize(1);
    ILoggingEvent line = appender.list.get(0);
    assertThat(line.getLevel().toString()).isEqualTo("INFO");
    assertThat(line.getLoggerName()).isEqualTo("portcullis.audit");
    assertThat(line.getFormattedMessage()).isEqualTo("audit login_succeeded at=2030-01-01T00:00:00Z user_id=u_1"
        + " ip=198.51.100.7 user_agent=curl/8.5 detail=\"session s_1 created\"");

    JsonNode json = new ObjectMapper().readTree(json(line));
    assertThat(json.get("loggerName").asText()).isEqualTo("portcullis.audit");
    JsonNode kvp = json.get("kvpList");
    assertThat(kvp).hasSize(6);
    assertThat(kvp.get(0).get("at").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(kvp.get(1).get("type").asText()).isEqualTo("login_succeeded");
    assertThat(kvp.get(2).get("user_id").asText()).isEqualTo("u_1");
    assertThat(kvp.get(3).get("ip").asText()).isEqualTo("198.51.100.7");
    assertThat(kvp.get(4).get("user_agent").asText()).isEqualTo("curl/8.5");
    assertThat(kvp.get(5).get("detail").asText()).isEqualTo("session s_1 created");
  }

  @Test
  void absentFieldsAreLeftOutNotWrittenAsNull() throws Exception {
    log.record(new AuditEvent(AT, AuditEvent.CSRF_FAILED, null, null, null, null));
    ILoggingEvent line = appender.list.get(0);
    assertThat(line.getFormattedMessage()).isEqualTo("audit csrf_failed at=2030-01-01T00:00:00Z");
    JsonNode kvp = new ObjectMapper().readTree(json(line)).get("kvpList");
    assertThat(kvp).hasSize(2);
    assertThat(json(line)).doesNotContain("null\"");
  }

  @Test
  void aForgedLineInTheUserAgentOrDetailStaysInsideItsOwnQuotedValue() throws Exception {
    String ua = "Mozilla\r\n12:00:00.000 INFO  portcullis.audit - audit login_succeeded user_id=u_admin";
    String detail = "x\" user_id=\"u_admin\u0000\u001b[31m\u2028\u202e\\";
    log.record(new AuditEvent(AT, AuditEvent.LOGIN_FAILED, "u_1", "198.51.100.7", ua, detail));

    String text = appender.list.get(0).getFormattedMessage();
    assertThat(text).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0000").doesNotContain("\u001b")
        .doesNotContain("\u2028").doesNotContain("\u202e");
    assertThat(text).endsWith(" user_agent=\"Mozilla\\r\\n12:00:00.000 INFO  portcullis.audit - audit login_succeeded"
        + " user_id=u_admin\" detail=\"x\\\" user_id=\\\"u_admin\\u0000\\u001b[31m\\u2028\\u202e\\\\\"");
    // exactly one user_id field outside the quoted values
    assertThat(text.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")).containsOnlyOnce("user_id=");

    String json = json(appender.list.get(0));
    assertThat(json.strip()).doesNotContain("\n").doesNotContain("\r");
    JsonNode kvp = new ObjectMapper().readTree(json).get("kvpList");
    assertThat(kvp.get(4).get("user_agent").asText()).isEqualTo(ua);
    assertThat(kvp.get(5).get("detail").asText()).isEqualTo(detail);
  }

  @Test
  void anEventTheStoreRefusesIsNotLogged() {
    LoggingAuditLog failing = new LoggingAuditLog(new AuditLog() {
      @Override
      public void record(AuditEvent event) {
        throw new IllegalStateException("store down");
      }

      @Override
      public List<Recorded> page(String userId, String type, Position before, int limit) {
        return List.of();
      }
    });
    assertThatThrownBy(() -> failing.record(new AuditEvent(AT, AuditEvent.LOGOUT, "u_1", null, null, null)))
        .hasMessage("store down");
    assertThat(appender.list).isEmpty();
  }

  @Test
  void pagingIsTheDelegates() {
    AuditEvent e = new AuditEvent(AT, AuditEvent.LOGOUT, "u_1", null, null, "bye");
    log.record(e);
    assertThat(log.find("u_1", AuditEvent.LOGOUT, 10)).containsExactly(e);
  }
}
