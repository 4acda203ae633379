package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line as {@code main} does, with a chosen environment, stdin, clock and terminal. */
final class CliRun {
  record Result(int code, String out, String err) {
    /** A failure the user can read: one message, never a stack trace. */
    Result noStackTrace() {
      assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(out).doesNotContain("\tat ");
      return this;
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private String stdin = "";
  private Clock clock = Clock.systemUTC();
  private boolean terminal;

  CliRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  CliRun stdin(String text) {
    this.stdin = text;
    return this;
  }

  CliRun clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  CliRun terminal() {
    this.terminal = true;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context = new CliContext(env::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), clock, terminal);
    CommandLine cli = Main.cli(context).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result exec(String... args) {
    return new CliRun().run(args);
  }
}
