package dev.portcullis.server.http;

import dev.portcullis.error.AuthException;
import io.javalin.http.Context;

/** How {@link ErrorHandling} answers a failure on a page: HTML for a person instead of the API's JSON. */
public interface ErrorPages {
  /** True if the request is a page's. */
  boolean handles(Context ctx);

  /** Answers the failure with {@code status}; {@code failure} is null for the framework's own errors. */
  void render(Context ctx, int status, AuthException failure);
}
