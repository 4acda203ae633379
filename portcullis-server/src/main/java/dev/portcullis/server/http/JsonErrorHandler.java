package dev.portcullis.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches Javalin (oversized headers, malformed
 * requests) from {@link FrameworkError}'s table, in the same JSON shape, codes and headers as {@link
 * ErrorHandling}, with no server details.
 */
public final class JsonErrorHandler extends ErrorHandler {
  /** Jetty writes an error body only for GET, POST and HEAD by default; a PUT deserves one too. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) throws JsonProcessingException {
    if (code == 505) {
      // Jetty's parser says 505 for any request line whose last word it cannot read as a version,
      // such as "GET  HTTP/1.1" (no target; found by HttpFuzzTest). RFC 9112 section 3: an invalid
      // request-line is answered 400; a client error is not a server failure.
      code = 400;
      response.setStatus(code);
    }
    FrameworkError error = FrameworkError.of(code);
    byte[] body = Json.MAPPER.writeValueAsBytes(error.body());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // Javalin's after-filters (CacheControl) never see these answers
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    error.challenge().ifPresent(challenge -> response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge));
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
