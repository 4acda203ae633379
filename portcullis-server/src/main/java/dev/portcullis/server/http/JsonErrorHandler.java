package dev.portcullis.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches Javalin (oversized headers, malformed
 * requests) in the same JSON shape as every other error, with no server details.
 */
public final class JsonErrorHandler extends ErrorHandler {
  /** Jetty writes an error body only for GET, POST and HEAD by default; a PUT deserves one too. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    String error = switch (code) {
      case 413 -> "payload_too_large";
      case 431 -> "headers_too_large";
      case 404 -> "not_found";
      default -> code >= 500 ? "internal_error" : "invalid_request";
    };
    String text = switch (code) {
      case 413 -> "The request body is too large.";
      case 431 -> "The request headers are too large.";
      case 404 -> "No such resource.";
      default -> code >= 500 ? "Something went wrong on our side." : "The request is malformed.";
    };
    byte[] body = ("{\"error\":\"" + error + "\",\"message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
