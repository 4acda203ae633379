package dev.portcullis.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import io.javalin.http.Context;

/** The one JSON mapper of the server, and writing JSON answers. */
public final class Json {
  /**
   * Answers are records serialised with snake_case names in declaration order, instants as ISO-8601
   * text ({@code 2030-01-01T00:00:00Z}) and nulls written out (a field that is absent on purpose is
   * annotated {@code @JsonInclude(NON_NULL)} on its record).
   */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .registerModule(new SimpleModule("portcullis-instants").addSerializer(Instant.class, ToStringSerializer.instance));

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
