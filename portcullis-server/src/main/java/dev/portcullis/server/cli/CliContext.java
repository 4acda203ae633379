package dev.portcullis.server.cli;

import java.io.InputStream;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a command reads from outside its flags: the environment (secrets are never flags, since flags
 * show in {@code ps} and shell history), standard input, the clock, and whether a person sits at a
 * terminal (questions, colour). {@link Main#main} passes the real ones, tests their own.
 */
public record CliContext(Function<String, String> environment, InputStream stdin, Clock clock, boolean terminal) {

  public static CliContext system() {
    return new CliContext(System::getenv, System.in, Clock.systemUTC(), System.console() != null);
  }

  /** Not a terminal, nothing on stdin, the system clock: a script's view. */
  public static CliContext of(Function<String, String> environment) {
    return new CliContext(environment, InputStream.nullInputStream(), Clock.systemUTC(), false);
  }

  /** The environment variable, or null when unset or blank. */
  public String env(String name) {
    String v = environment.apply(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Colour only for a person at a terminal that has not asked for none (https://no-color.org). */
  public boolean colour() {
    return terminal && env("NO_COLOR") == null && !"dumb".equals(env("TERM"));
  }

  /** Commands that read the context get it from the factory in {@link Main#cli(CliContext)}. */
  public interface Aware {
    void context(CliContext context);
  }
}
