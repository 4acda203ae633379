package dev.portcullis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal browser for tests over real HTTP: keeps cookies the way a browser would (Max-Age=0
 * deletes, cookies without Max-Age die on {@link #restart()}), sends the CSRF header when told, and
 * exposes raw Set-Cookie lines so tests can check attributes.
 */
public final class Browser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private String base;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final Map<String, Boolean> persistent = new LinkedHashMap<>();
  private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
  public String csrf;

  public Browser(String base) {
    this.base = base;
  }

  /**
   * Sends the following requests to another instance, keeping this jar and CSRF token: what a
   * load balancer in front of several instances does to one browser.
   */
  public Browser at(String otherBase) {
    this.base = otherBase;
    return this;
  }

  public Browser header(String name, String value) {
    defaultHeaders.put(name, value);
    return this;
  }

  public record Response(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    public List<String> setCookies() {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
          .flatMap(e -> e.getValue().stream()).toList();
    }

    public String error() {
      return json().path("error").asText();
    }
  }

  public Response get(String path, String... headers) {
    return send("GET", path, null, null, headers);
  }

  public Response postJson(String path, Object body, String... headers) {
    return send("POST", path, toJson(body), "application/json", headers);
  }

  public Response putJson(String path, Object body, String... headers) {
    return send("PUT", path, toJson(body), "application/json", headers);
  }

  public Response delete(String path, String... headers) {
    return send("DELETE", path, null, null, headers);
  }

  public Response postRaw(String path, String body, String contentType, String... headers) {
    return send("POST", path, body, contentType, headers);
  }

  /** A POST of this browser's session with its CSRF token, as the SPA would send it. */
  public Response postCsrf(String path, Object body) {
    return send("POST", path, body == null ? "{}" : toJson(body), "application/json", "X-CSRF-Token", csrf);
  }

  public Response deleteCsrf(String path) {
    return send("DELETE", path, null, null, "X-CSRF-Token", csrf);
  }

  public Response login(String email, String password) {
    Response r = postJson("/v1/session/login", Map.of("email", email, "password", password));
    if (r.status() == 200) {
      csrf = r.json().get("csrf_token").asText();
    }
    return r;
  }

  public Response send(String method, String path, String body, String contentType, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    defaultHeaders.forEach(b::header);
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        b.header(headers[i], headers[i + 1]);
      }
    }
    if (!cookies.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      cookies.forEach((k, v) -> pairs.add(k + "=" + v));
      b.header("Cookie", String.join("; ", pairs));
    }
    try {
      HttpResponse<String> res = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Response r = new Response(res.statusCode(), res.headers().map(), res.body());
      r.setCookies().forEach(this::remember);
      return r;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  private void remember(String setCookie) {
    String[] parts = setCookie.split(";");
    String[] nv = parts[0].split("=", 2);
    String name = nv[0].trim();
    String value = nv.length > 1 ? nv[1].trim() : "";
    Long maxAge = null;
    for (int i = 1; i < parts.length; i++) {
      String[] attr = parts[i].trim().split("=", 2);
      if (attr[0].equalsIgnoreCase("Max-Age")) {
        maxAge = Long.parseLong(attr[1].trim());
      }
    }
    if (maxAge != null && maxAge <= 0) {
      cookies.remove(name);
      persistent.remove(name);
    } else {
      cookies.put(name, value);
      persistent.put(name, maxAge != null);
    }
  }

  /** Closing and reopening the browser: only cookies with a lifetime survive. */
  public void restart() {
    persistent.forEach((name, keep) -> {
      if (!keep) {
        cookies.remove(name);
      }
    });
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  public void setCookie(String name, String value) {
    cookies.put(name, value);
    persistent.put(name, true);
  }

  /** Another tab of the same browser: same cookie jar contents, its own copy. */
  public Browser newTab() {
    Browser tab = new Browser(base);
    tab.cookies.putAll(cookies);
    tab.persistent.putAll(persistent);
    tab.defaultHeaders.putAll(defaultHeaders);
    tab.csrf = csrf;
    return tab;
  }

  public void clearCookies() {
    cookies.clear();
    persistent.clear();
  }

  private static String toJson(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
