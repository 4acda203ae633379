package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogsHoldNoSecretsIT {
  @Test
  void aFullLifecycleWithOurCodeAtDebugLogsNoPasswordCookieOrCsrfToken() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger ours = ctx.getLogger("dev.portcullis");
    Level before = root.getLevel();
    Level oursBefore = ours.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(ctx);
    appender.start();
    root.addAppender(appender);
    // everything at INFO as in production, our own code at DEBUG (Jetty's DEBUG dumps raw headers by design)
    root.setLevel(Level.INFO);
    ours.setLevel(Level.DEBUG);
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
      root.detachAppender(appender);
      root.setLevel(before);
      ours.setLevel(oursBefore);
    }
  }
}
