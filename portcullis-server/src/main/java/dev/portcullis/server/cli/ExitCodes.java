package dev.portcullis.server.cli;

/** The exit codes of every command, documented in docs/cli.md; scripts may rely on them. */
public final class ExitCodes {
  /** Done; for checks: nothing failed. */
  public static final int OK = 0;
  /** The command ran and found a problem: a token that does not verify, a doctor check that FAILs. */
  public static final int PROBLEM = 1;
  /** Wrong flags or input: an unknown option, a bad URL, a malformed token or file. */
  public static final int USAGE = 2;
  /** The server (or the JWKS) could not be reached: refused, unknown host, timeout, TLS failure. */
  public static final int UNREACHABLE = 3;
  /** The server answered with an error: a refused admin token, an unknown user, a bad request. */
  public static final int REFUSED = 4;

  private ExitCodes() {}
}
