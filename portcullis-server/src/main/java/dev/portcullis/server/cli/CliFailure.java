package dev.portcullis.server.cli;

/**
 * A failure the user can act on: {@link Main} prints its message as one line (never a stack trace)
 * and exits with its code from {@link ExitCodes}.
 */
public final class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public static CliFailure usage(String message) {
    return new CliFailure(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
