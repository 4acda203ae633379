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
 * requests) in the same JSON shape, codes and headers as {@link ErrorHandling}, with no server details.
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
    ErrorHandling.FrameworkError error = ErrorHandling.FrameworkError.of(code);
    // codes and messages are fixed ASCII without quotes, so no JSON escaping is needed
    byte[] body = ("{\"error\":\"" + error.code() + "\",\"message\":\"" + error.message() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (code == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, Challenges.bearer());
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
