package dev.portcullis.server.routes;

import dev.portcullis.error.InvalidRequestException;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Pages of a list answer: {@code limit} (1–1000, default 100) and a cursor. A full page carries a
 * {@code Link: <…>; rel="next"} header (RFC 8288 §3) naming the next page with the same filters; the
 * last page has none.
 */
final class Paging {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private Paging() {}

  static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the same answer as an out-of-range number
    }
    throw new InvalidRequestException("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
  }

  /**
   * Sets the {@code Link} header when {@code page} is full. {@code filters} are the query parameters
   * to repeat (null values are left out); {@code cursorName} and {@code cursor} name the next page.
   */
  static void linkNext(Context ctx, List<?> page, int limit, Map<String, String> filters, String cursorName,
      String cursor) {
    if (page.size() < limit) {
      return;
    }
    StringJoiner query = new StringJoiner("&");
    filters.forEach((k, v) -> {
      if (v != null) {
        query.add(k + "=" + encode(v));
      }
    });
    query.add(cursorName + "=" + encode(cursor));
    query.add("limit=" + limit);
    ctx.header("Link", "<" + ctx.path() + "?" + query + ">; rel=\"next\"");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
