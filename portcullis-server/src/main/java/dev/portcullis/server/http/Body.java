package dev.portcullis.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.error.InvalidRequestException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpException;

/**
 * A request body read as JSON object or as an HTML form, with field accessors that answer 400 with
 * a precise message on anything missing or of the wrong type.
 */
public final class Body {
  private final JsonNode json;
  private final Map<String, List<String>> form;

  private Body(JsonNode json, Map<String, List<String>> form) {
    this.json = json;
    this.form = form;
  }

  public static Body of(Context ctx) {
    String type = contentType(ctx);
    if (type.startsWith("application/x-www-form-urlencoded")) {
      return new Body(null, read(ctx::formParamMap));
    }
    byte[] raw = read(ctx::bodyAsBytes);
    if (raw.length == 0) {
      throw new InvalidRequestException("A JSON body is required.");
    }
    if (!type.isEmpty() && !type.startsWith("application/json")) {
      throw new InvalidRequestException("Content-Type must be application/json or application/x-www-form-urlencoded.");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("The body is not valid JSON.");
    } catch (IOException e) {
      throw new InvalidRequestException("The body could not be read.");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException("The body must be a JSON object.");
    }
    return new Body(node, null);
  }

  /** The request's Content-Type in lower case, "" if there is none. */
  public static String contentType(Context ctx) {
    String type = read(ctx::contentType);
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  /**
   * Reads from the request what the client may have sent broken: a body cut short or badly chunked,
   * a charset this JVM does not know (Jetty parses it on every read). That is a 400, not a 500.
   */
  public static <T> T read(Supplier<T> reader) {
    try {
      return reader.get();
    } catch (Exception e) { // Javalin (Kotlin) rethrows the servlet's IOException unchecked
      if (e instanceof HttpException h && h.getCode() == 413) {
        throw new HttpResponseException(413); // a form over Jetty's limit: the same answer as any large body
      }
      if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof HttpException
          || e instanceof IllegalCharsetNameException || e instanceof UnsupportedCharsetException) {
        throw new InvalidRequestException("The request could not be read: a broken body or an unknown charset.");
      }
      throw e;
    }
  }

  public boolean has(String name) {
    return form != null ? form.containsKey(name) : json.has(name) && !json.get(name).isNull();
  }

  public String string(String name) {
    return optionalString(name).orElseThrow(() -> new InvalidRequestException(name + " is required."));
  }

  public Optional<String> optionalString(String name) {
    if (form != null) {
      List<String> values = form.get(name);
      if (values == null || values.isEmpty()) {
        return Optional.empty();
      }
      if (values.size() > 1) {
        throw new InvalidRequestException(name + " must be given once.");
      }
      return Optional.of(values.get(0));
    }
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidRequestException(name + " must be a string.");
    }
    return Optional.of(v.textValue());
  }

  /** A boolean (JSON true/false, or form {@code true}/{@code false}); empty if absent, else 400. */
  public Optional<Boolean> optionalBoolean(String name) {
    Optional<String> text;
    if (form != null) {
      text = optionalString(name);
    } else {
      JsonNode v = json.get(name);
      text = v == null || v.isNull() ? Optional.empty() : Optional.of(v.isBoolean() ? v.asText() : "x");
    }
    if (text.isPresent() && !text.get().equals("true") && !text.get().equals("false")) {
      throw new InvalidRequestException(name + " must be true or false.");
    }
    return text.map(Boolean::parseBoolean);
  }

  /** A whole number that fits an int (JSON number, or form digits); empty if absent, else 400. */
  public Optional<Integer> optionalInt(String name) {
    Optional<String> text;
    if (form != null) {
      text = optionalString(name);
    } else {
      JsonNode v = json.get(name);
      text = v == null || v.isNull() ? Optional.empty() : Optional.of(v.canConvertToInt() && v.isIntegralNumber() ? v.asText() : "x");
    }
    try {
      return text.map(Integer::parseInt);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(name + " must be a whole number.");
    }
  }

  public Set<String> stringSet(String name) {
    if (form != null) {
      List<String> values = form.get(name);
      if (values == null) {
        throw new InvalidRequestException(name + " is required.");
      }
      return new LinkedHashSet<>(values);
    }
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidRequestException(name + " is required.");
    }
    if (!v.isArray()) {
      throw new InvalidRequestException(name + " must be a list of strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw new InvalidRequestException(name + " must be a list of strings.");
      }
      out.add(item.textValue());
    }
    return new LinkedHashSet<>(out);
  }
}
