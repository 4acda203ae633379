package dev.portcullis.error;

/** The request conflicts with what exists (an email already registered): HTTP 409. */
public class ConflictException extends AuthException {
  public ConflictException(String message) {
    super("conflict", message, null, null);
  }
}
