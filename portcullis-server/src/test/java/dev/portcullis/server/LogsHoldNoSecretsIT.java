package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.audit.LoggingAuditLog;
import dev.portcullis.crypto.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogsHoldNoSecretsIT {
  /**
   * Every log event while open: everything at INFO as in production, our own code at DEBUG (Jetty's
   * DEBUG dumps raw headers by design).
   */
  private static final class Capture implements AutoCloseable {
    final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger ours = ctx.getLogger("dev.portcullis");
    private final Level before = root.getLevel();
    private final Level oursBefore = ours.getLevel();

    Capture() {
      appender.setContext(ctx);
      appender.start();
      root.addAppender(appender);
      root.setLevel(Level.INFO);
      ours.setLevel(Level.DEBUG);
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      root.setLevel(before);
      ours.setLevel(oursBefore);
    }
  }
  @Test
  void aFullLifecycleWithOurCodeAtDebugLogsNoPasswordCookieOrCsrfToken() {
    Capture capture = new Capture();
    ListAppender<ILoggingEvent> appender = capture.appender;
    String secretPassword = "s3cret-Pa55word-never-logged";
    String newPassword = "an0ther-s3cret-never-logged";
    try (ServerHarness h = ServerHarness.dev()) {
      String email = ServerHarness.email();
      h.browser().postJson("/v1/register", Map.of("email", email, "password", secretPassword));
      Browser b = h.browser();
      b.postJson("/v1/session/login", Map.of("email", email, "password", "wrong-" + secretPassword));
      b.login(email, secretPassword);
      String cookie = b.cookie("portcullis_session");
      String csrf = b.csrf;
      b.postJson("/v1/session/logout", Map.of(), "X-CSRF-Token", "forged-" + csrf);
      b.postCsrf("/v1/me/password", Map.of("current_password", secretPassword, "new_password", newPassword));
      h.browser().get("/v1/me", "Authorization", "Bearer " + cookie);
      h.browser().get("/v1/admin/audit", "Authorization", "Bearer wrong-" + ServerHarness.ADMIN_TOKEN);

      List<String> lines = appender.list.stream().map(e -> e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        assertThat(line).doesNotContain(secretPassword).doesNotContain(newPassword).doesNotContain(cookie)
            .doesNotContain(csrf).doesNotContain(ServerHarness.ADMIN_TOKEN);
      }
    } finally {
      capture.close();
    }
  }

  /**
   * Every kind of credential, through its whole life, with our code at DEBUG: no password, session
   * cookie, CSRF token, access or refresh token, API key, client secret or admin token appears in a
   * log line (as text or in the JSON form with its context fields) or in the {@code /metrics} answer.
   */
  @Test
  void noCredentialOfAnyKindReachesTextLogsJsonLogsOrMetrics() {
    Capture capture = new Capture();
    ListAppender<ILoggingEvent> appender = capture.appender;
    String password = "pw-" + Tokens.random(12);
    List<String> secrets = new ArrayList<>(List.of(password, ServerHarness.ADMIN_TOKEN));
    String prefix = "pcl-perf-" + Tokens.random(6) + ":";
    String redis = System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", "redis://127.0.0.1:6379");
    try (ServerHarness h = new ServerHarness(b -> b.redisUrl(redis).redisPrefix(prefix))) {
      String email = ServerHarness.email();
      h.browser().postJson("/v1/register", Map.of("email", email, "password", password));
      Browser b = h.browser();
      b.login(email, password);
      secrets.add(b.cookie("portcullis_session"));
      secrets.add(b.csrf);
      b.get("/v1/me", "X-Request-Id", "req-" + Tokens.random(6));

      JsonNode key = b.postCsrf("/v1/api-keys", Map.of("name", "ci", "scopes", List.of("orders:read"))).json();
      secrets.add(key.get("key").asText());
      secrets.add(key.get("key").asText().substring(key.get("key").asText().lastIndexOf('_') + 1));
      h.browser().get("/v1/me", "Authorization", "Bearer " + key.get("key").asText());
      h.browser().get("/v1/me", "Authorization", "Bearer " + key.get("key").asText() + "x");

      OAuth oauth = new OAuth(h);
      String mobile = oauth.client("mobile").get("client_id").asText();
      JsonNode grant = oauth.password(mobile, email, password).json();
      String refresh = grant.get("refresh_token").asText();
      secrets.add(grant.get("access_token").asText());
      secrets.add(refresh);
      oauth.me(grant.get("access_token").asText());
      JsonNode rotated = oauth.refresh(mobile, refresh).json();
      secrets.add(rotated.get("refresh_token").asText());
      secrets.add(rotated.get("access_token").asText());
      h.clock.advance(java.time.Duration.ofMinutes(5));
      oauth.refresh(mobile, refresh); // reuse after the grace window: the family is revoked, and logged

      JsonNode service = oauth.client("service");
      String clientSecret = service.get("client_secret").asText();
      secrets.add(clientSecret);
      oauth.token("grant_type", "client_credentials", "client_id", service.get("client_id").asText(),
          "client_secret", clientSecret);
      oauth.token("grant_type", "client_credentials", "client_id", service.get("client_id").asText(),
          "client_secret", clientSecret + "x");
      b.postJson("/v1/session/logout", Map.of(), "X-CSRF-Token", "forged-" + b.csrf);
      b.postCsrf("/v1/session/logout", Map.of());

      String metrics = h.browser().get("/metrics").body();
      JsonEncoder json = new JsonEncoder();
      json.setContext(capture.ctx);
      json.start();
      List<String> lines = new ArrayList<>();
      for (ILoggingEvent e : List.copyOf(appender.list)) {
        lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
        lines.add(new String(json.encode(e), StandardCharsets.UTF_8));
      }
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"request_id\""));
      assertThat(lines).anySatisfy(l -> assertThat(l).containsIgnoringCase("reuse"));
      // the audit trail streamed as log lines (--audit-log-lines, on by default) is among the lines checked
      List<ILoggingEvent> audit = appender.list.stream()
          .filter(e -> e.getLoggerName().equals(LoggingAuditLog.LOGGER)).toList();
      assertThat(audit).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(l -> assertThat(l).startsWith("audit login_succeeded "))
          .anySatisfy(l -> assertThat(l).startsWith("audit api_key_created "))
          .anySatisfy(l -> assertThat(l).startsWith("audit refresh_token_reuse_detected "))
          .anySatisfy(l -> assertThat(l).startsWith("audit csrf_failed "))
          .anySatisfy(l -> assertThat(l).startsWith("audit logout "));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"kvpList\"").contains("{\"type\":\"logout\"}"));
      for (String secret : secrets) {
        assertThat(secret).hasSizeGreaterThan(8);
        assertThat(metrics).doesNotContain(secret);
        for (String line : lines) {
          assertThat(line).doesNotContain(secret);
        }
      }
    } finally {
      capture.close();
    }
  }
}
