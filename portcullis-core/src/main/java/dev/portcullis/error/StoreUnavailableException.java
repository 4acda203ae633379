package dev.portcullis.error;

/**
 * A store could not be reached or answered with a transient failure: HTTP 503. Never turned into
 * "logged out" or an anonymous pass.
 */
public class StoreUnavailableException extends AuthException {
  public StoreUnavailableException(String logDetail, Throwable cause) {
    super("unavailable", "A backing store is unavailable; try again shortly.", logDetail, cause);
  }
}
