package dev.portcullis.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reading credentials so they never land in shell history or {@code ps}: a token given as {@code -}
 * comes from stdin, a password from the environment, stdin or the terminal without echo.
 */
final class Secrets {
  /** Secrets and tokens larger than this are not read whole (a token is at most 8 KiB). */
  private static final int MAX = 64 * 1024;

  private Secrets() {}

  /** {@code arg} itself, or for {@code -} the first line of stdin; blank is a usage error. */
  static String tokenArgument(String arg, CliContext context) {
    String token = "-".equals(arg) ? firstLine(context, "the token") : arg;
    if (token == null || token.isBlank()) {
      throw CliFailure.usage("no token given: pass it as an argument, or - to read it from stdin");
    }
    return token.trim();
  }

  /** The first line of stdin, at most {@link #MAX} characters; null if stdin is empty. */
  static String firstLine(CliContext context, String what) {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8));
      char[] buf = new char[MAX + 1];
      int n = 0;
      int r;
      while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
        n += r;
        if (new String(buf, 0, n).indexOf('\n') >= 0) {
          break;
        }
      }
      if (n > MAX) {
        throw CliFailure.usage(what + " on stdin is longer than " + MAX + " characters");
      }
      String s = new String(buf, 0, n);
      int nl = s.indexOf('\n');
      return n == 0 ? null : (nl >= 0 ? s.substring(0, nl) : s).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A password: from stdin with {@code fromStdin}, else the environment variable, else asked on the
   * terminal without echo; null when none of them has one.
   */
  static String password(CliContext context, boolean fromStdin, String envName, String prompt) {
    if (fromStdin) {
      String p = firstLine(context, "the password");
      if (p == null || p.isEmpty()) {
        throw CliFailure.usage("--password-stdin given but stdin is empty");
      }
      return p;
    }
    String env = context.environment().apply(envName);
    if (env != null && !env.isEmpty()) {
      return env;
    }
    if (context.terminal() && System.console() != null) {
      char[] p = System.console().readPassword("%s", prompt);
      return p == null || p.length == 0 ? null : new String(p);
    }
    return null;
  }
}
