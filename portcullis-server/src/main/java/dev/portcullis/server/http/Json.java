package dev.portcullis.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** The one JSON mapper of the server, and writing JSON answers. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  static {
    // bodies are at most 64 KiB already; this bounds nesting so a crafted body cannot exhaust the stack
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
  }

  private Json() {}

  public static void write(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise an answer", e);
    }
  }

  public static void ok(Context ctx, Object body) {
    write(ctx, 200, body);
  }
}
