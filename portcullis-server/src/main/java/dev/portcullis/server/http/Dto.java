package dev.portcullis.server.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds answer objects with snake_case keys in a stable order. */
public final class Dto {
  private Dto() {}

  public static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      m.put((String) keysAndValues[i], v instanceof Instant t ? t.toString() : v);
    }
    return m;
  }
}
