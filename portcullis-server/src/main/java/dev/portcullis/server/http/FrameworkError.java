package dev.portcullis.server.http;

import java.util.Optional;

/**
 * An error the framework raised rather than our code (no route, wrong method, a body or headers over
 * the limit, a malformed request), by status: the one table both Javalin's handlers in {@link
 * ErrorHandling} and Jetty's early errors in {@link JsonErrorHandler} answer from.
 */
record FrameworkError(int status, String code, String message) {
  static FrameworkError of(int status) {
    return switch (status) {
      case 400 -> new FrameworkError(status, "invalid_request", "The request is malformed.");
      case 401 -> new FrameworkError(status, "unauthenticated", "Authentication is required.");
      case 404 -> new FrameworkError(status, "not_found", "No such resource.");
      case 405 -> new FrameworkError(status, "method_not_allowed", "This method is not allowed here.");
      case 413 -> new FrameworkError(status, "payload_too_large", "The request body is too large.");
      case 431 -> new FrameworkError(status, "headers_too_large", "The request headers are too large.");
      default -> status >= 500 ? new FrameworkError(status, "internal_error", "Something went wrong on our side.")
          : new FrameworkError(status, "invalid_request", "The request could not be served.");
    };
  }

  ErrorHandling.ErrorBody body() {
    return new ErrorHandling.ErrorBody(code, message);
  }

  /** RFC 9110 section 15.5.2: a 401 carries a challenge; a framework 401 had no credential to fault. */
  Optional<String> challenge() {
    return status == 401 ? Optional.of(Challenges.bearer()) : Optional.empty();
  }
}
