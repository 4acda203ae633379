package dev.portcullis.error;

/** The named thing does not exist, or is not the caller's to see: HTTP 404. */
public class NotFoundException extends AuthException {
  public NotFoundException(String message) {
    super("not_found", message, null, null);
  }
}
