package dev.portcullis.error;

/**
 * Root of every failure the core reports. {@link #code()} is the stable machine-readable error code
 * of the HTTP contract; {@link #getMessage()} is safe to show to a client; {@link #logDetail()} is
 * the precise, secret-free story for the server log.
 */
public abstract class AuthException extends RuntimeException {
  private final String code;
  private final String logDetail;

  protected AuthException(String code, String message, String logDetail, Throwable cause) {
    super(message, cause, false, cause != null);
    this.code = code;
    this.logDetail = logDetail == null ? message : logDetail;
  }

  public String code() {
    return code;
  }

  public String logDetail() {
    return logDetail;
  }
}
