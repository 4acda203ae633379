package dev.portcullis.error;

/** The request is malformed or breaks a rule (bad email, weak password): HTTP 400. */
public class InvalidRequestException extends AuthException {
  public InvalidRequestException(String message) {
    super("invalid_request", message, null, null);
  }

  public InvalidRequestException(String code, String message) {
    super(code, message, null, null);
  }
}
