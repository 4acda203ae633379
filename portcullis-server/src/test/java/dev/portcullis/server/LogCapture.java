package dev.portcullis.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the warnings logged (root logger, WARN and above) while it is open. */
final class LogCapture implements AutoCloseable {
  private final Logger root;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    appender.setContext(ctx);
    appender.start();
    root.addAppender(appender);
  }

  /** The formatted messages of WARN and ERROR events so far, oldest first. */
  List<String> warnings() {
    synchronized (appender) {
      return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** How many warnings so far contain {@code text}. */
  long warningsContaining(String text) {
    return warnings().stream().filter(w -> w.contains(text)).count();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
