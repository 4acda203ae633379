package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage sent to every route the server registers (read from the running server, so a new route
 * is covered the day it is added), anonymously, with a browser session and with the admin token:
 * each answer is a 4xx in the JSON error shape (on a page: the HTML error page) or a success, never
 * a 5xx (RFC 9110 §15.5: a malformed request is the client's error). Every problem is collected and
 * reported at once.
 */
class GarbageInputIT {
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final List<String> PATH_PARAMS = List.of("x", "%zz", "%", "%00", "%C0%AF", "..%2F..%2Fetc",
      "%F0%9F%99%82", "a".repeat(3000));

  static ServerHarness h;
  static RawHttp raw;
  static String email;

  private final List<String> problems = new ArrayList<>();
  private String[] session;

  /** One malformed request: what it is, and what it sends beyond the method and route. */
  record Garbage(String name, String query, String contentType, byte[] body, String... headers) {
    static Garbage body(String name, String contentType, String body) {
      return new Garbage(name, "", contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static Garbage header(String name, String... headers) {
      return new Garbage(name, "", null, null, headers);
    }
  }

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.trustProxy(true).loginLimits(100_000, 100_000, Duration.ofMinutes(15)));
    raw = new RawHttp(h.server.port());
    email = ServerHarness.email();
    h.register(email);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** RFC 6749 §2.3.1: the id and secret in Basic are form-urlencoded; §5.2: a failed client authentication is 401. */
  @Test
  void basicCredentialsThatAreNotValidPercentEncodingAreInvalidClient() {
    for (String endpoint : List.of("/v1/token", "/v1/token/revoke", "/v1/token/introspect")) {
      for (String credentials : List.of("%zz:secret", "client:%E0%A4%A", "%:%")) {
        RawHttp.Response r = raw.send("POST", endpoint, "grant_type=client_credentials&token=abc",
            "Content-Type", FORM, "Authorization", basic(credentials));
        assertThat(r.status()).as(endpoint + " " + credentials + ": " + r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
      }
    }
  }

  @Test
  void everyRouteAnswersGarbageWithAJsonClientErrorNeverA5xx() {
    List<Garbage> garbage = garbage();
    for (String route : h.server.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      for (String param : template.contains("{") ? PATH_PARAMS : List.of("x")) {
        String path = template.replaceAll("\\{[^}]+}", param);
        for (Garbage g : param.equals("x") ? garbage : garbage.subList(0, 1)) {
          for (String identity : List.of("anonymous", "session", "admin")) {
            String[] headers = merge(identity(identity), g.headers());
            byte[] body = g.body() != null ? g.body() : plausibleBody(template);
            String type = g.contentType() != null ? g.contentType() : template.startsWith("/v1/token") ? FORM : JSON;
            RawHttp.Response r = raw.send(method, path + g.query(), body, merge(headers, "Content-Type", type));
            check(method + " " + path + g.query() + " [" + g.name() + ", " + identity + "]", method, r);
            if (identity.equals("session") && r.status() < 300 && !method.equals("GET") && !method.equals("HEAD")) {
              session = null; // it may have ended the session (logout, login): the next case gets a fresh one
            }
          }
        }
      }
    }
    assertThat(problems).as("answers that were a 5xx or not a JSON error").isEmpty();
  }

  /** RFC 9112 section 3: an invalid request-line is 400, even where Jetty's parser would say 505. */
  @Test
  void aRequestLineWithoutATargetIs400NotA505() {
    RawHttp.Response r = raw.send("GET", "", (byte[]) null);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void requestsThatBreakHttpItselfGetAJsonClientError() {
    for (String route : h.server.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
      byte[] half = "{\"email\":\"a".getBytes(StandardCharsets.UTF_8);
      byte[] badUtf8 = {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      Map<String, RawHttp.Response> answers = new LinkedHashMap<>();
      answers.put("bad escape in path", raw.send(method, path + "/%zz", (byte[]) null));
      answers.put("lone % in path", raw.send(method, path + "%", (byte[]) null));
      answers.put("body shorter than Content-Length", raw.send(method, path, half, "Content-Type", JSON,
          "Content-Length", "100"));
      answers.put("bad chunk size", raw.send(method, path, "zz\r\n{}\r\n0\r\n\r\n", "Content-Type", JSON,
          "Transfer-Encoding", "chunked"));
      answers.put("two Content-Lengths", raw.send(method, path, "{}", "Content-Type", JSON,
          "Content-Length", "2", "Content-Length", "3"));
      answers.put("oversized form", raw.send(method, path, "a=" + "a".repeat(70 * 1024), "Content-Type", FORM));
      answers.put("invalid UTF-8 JSON", raw.send(method, path, badUtf8, "Content-Type", JSON));
      answers.put("invalid UTF-8 form", raw.send(method, path, new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28},
          "Content-Type", FORM));
      answers.put("control character in a header", raw.send(method, path, (byte[]) null, "X-Junk", "a\u0001b"));
      answers.put("Latin-1 cookie", raw.send(method, path, (byte[]) null, "Cookie", "portcullis_session=\u00ff\u00fe"));
      answers.put("obs-fold header", raw.send(method, path, (byte[]) null, "X-Junk", "a\r\n b"));
      answers.put("empty Host", raw.send(method, path, (byte[]) null, "Host", ""));
      answers.put("two Hosts", raw.send(method, path, (byte[]) null, "Host", "a", "Host", "b"));
      answers.put("absolute-form target", raw.send(method, "http://evil.example" + path, (byte[]) null));
      answers.put("oversized header", raw.send(method, path, (byte[]) null, "X-Big", "a".repeat(20 * 1024)));
      answers.put("oversized body", raw.send(method, path, "{\"a\":\"" + "a".repeat(70 * 1024) + "\"}",
          "Content-Type", JSON));
      answers.forEach((name, r) -> check(method + " " + path + " [" + name + "]", method, r));
    }
    assertThat(problems).as("answers that were a 5xx or not a JSON error").isEmpty();
  }

  private void check(String what, String method, RawHttp.Response r) {
    if (r.status() == 0) {
      problems.add(what + ": no answer");
    } else if (r.status() >= 500) {
      problems.add(what + ": " + r.status() + " " + r.body());
    } else if (r.status() >= 400 && !method.equals("HEAD")) {
      String type = r.header("Content-Type");
      boolean json = type != null && type.startsWith(JSON) && r.body().startsWith("{")
          && r.json().path("error").isTextual() && !r.body().contains("Exception");
      // a page's failure is a page for a person: the form again with its message, or the error page
      boolean page = type != null && type.startsWith("text/html") && r.body().startsWith("<!DOCTYPE html>")
          && (r.body().contains("<p class=\"status\">Error " + r.status() + "</p>")
              || r.body().contains("role=\"alert\"")) && !r.body().contains("Exception");
      if (!json && !page) {
        problems.add(what + ": " + r.status() + " is not a JSON error: " + type + " " + r.body());
      }
    }
  }

  private String[] identity(String who) {
    return switch (who) {
      case "session" -> session();
      case "admin" -> new String[] {"Authorization", "Bearer " + ServerHarness.ADMIN_TOKEN};
      default -> new String[0];
    };
  }

  private String[] session() {
    if (session == null) {
      Browser b = h.browser();
      assertThat(b.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);
      session = new String[] {"Cookie", "portcullis_session=" + b.cookie("portcullis_session"), "X-CSRF-Token", b.csrf};
    }
    return session;
  }

  /** Enough of a body that header garbage reaches the code that reads the headers. */
  private static byte[] plausibleBody(String template) {
    String body = template.startsWith("/v1/token") ? "grant_type=client_credentials&token=abc" : "{}";
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code extra} replaces same-named headers of {@code base}. */
  private static String[] merge(String[] base, String... extra) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < base.length; i += 2) {
      boolean replaced = false;
      for (int j = 0; j < extra.length; j += 2) {
        replaced |= extra[j].equalsIgnoreCase(base[i]);
      }
      if (!replaced) {
        out.add(base[i]);
        out.add(base[i + 1]);
      }
    }
    out.addAll(List.of(extra));
    return out.toArray(String[]::new);
  }

  private static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Garbage> garbage() {
    String wrongTypes = "{\"email\":42,\"password\":[],\"roles\":\"admin\",\"scopes\":{},\"grant_type\":7,"
        + "\"name\":true,\"type\":[\"service\"],\"redirect_uris\":\"x\",\"grant_types\":{},\"audience\":1.5,"
        + "\"current_password\":{},\"new_password\":null,\"expires_in_days\":\"x\",\"grace_seconds\":1e400,"
        + "\"token\":[],\"client_id\":{},\"token_endpoint_auth_method\":false}";
    return List.of(
        new Garbage("plausible", "", null, null),
        Garbage.body("wrong JSON types", JSON, wrongTypes),
        Garbage.body("roles of numbers", JSON, "{\"roles\":[1,2],\"scopes\":[null]}"),
        Garbage.body("truncated JSON", JSON, "{\"email\":\"a@b.co\",\"pass"),
        Garbage.body("JSON array", JSON, "[]"),
        Garbage.body("JSON string", JSON, "\"x\""),
        Garbage.body("JSON null", JSON, "null"),
        Garbage.body("deep JSON", JSON, "[".repeat(5000) + "]".repeat(5000)),
        Garbage.body("huge number", JSON, "{\"expires_in_days\":" + "9".repeat(2000) + "}"),
        Garbage.body("bad escape in form", FORM, "grant_type=%zz&client_id=%E0%A4%A&token=%"),
        Garbage.body("truncated form", FORM, "grant_type=password&username="),
        Garbage.body("form of separators", FORM, "%%%=&&&==&_csrf=%zz"),
        Garbage.body("form with a bogus charset", FORM + "; charset=bogus", "a=b"),
        Garbage.body("JSON with a bogus charset", JSON + "; charset=bogus", "{}"),
        Garbage.body("text/plain", "text/plain", "email=a"),
        Garbage.body("multipart", "multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--zz--"),
        Garbage.body("malformed content type", ";;;/", "{}"),
        new Garbage("bad escapes in the query", "?limit=%zz&type=%&user_id=%00&scope=%E0&%zz=1", null, null),
        new Garbage("huge number in the query", "?limit=99999999999999999999&type=login", null, null),
        new Garbage("repeated query parameters", "?limit=1&limit=2&&&=", null, null),
        Garbage.header("Basic with a bad id escape", "Authorization", basic("%zz:secret")),
        Garbage.header("Basic with a bad secret escape", "Authorization", basic("client:%E0%A4%A")),
        Garbage.header("Basic of non-UTF-8", "Authorization", "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', (byte) 0xfe})),
        Garbage.header("Basic without colon", "Authorization", basic("nocolon")),
        Garbage.header("Basic not base64", "Authorization", "Basic !!!"),
        Garbage.header("Basic empty", "Authorization", "Basic"),
        Garbage.header("Bearer empty", "Authorization", "Bearer "),
        Garbage.header("Bearer of a bad escape", "Authorization", "Bearer %zz"),
        Garbage.header("Bearer of a fake JWT", "Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
        Garbage.header("Bearer of three dots", "Authorization", "Bearer a.b.c"),
        Garbage.header("Bearer of a fake API key", "Authorization", "Bearer pcl_x_y"),
        Garbage.header("Bearer of 8 KiB", "Authorization", "Bearer " + "a".repeat(8192)),
        Garbage.header("unknown scheme", "Authorization", "Digest username=x"),
        Garbage.header("cookie of a bad escape", "Cookie", "portcullis_session=%zz"),
        Garbage.header("empty cookie", "Cookie", "portcullis_session="),
        Garbage.header("unterminated quoted cookie", "Cookie", "portcullis_session=\"abc"),
        Garbage.header("cookie of separators", "Cookie", "=;;;==; ; a"),
        Garbage.header("twice the cookie", "Cookie", "portcullis_session=a; portcullis_session=b"),
        Garbage.header("cookie of 8 KiB", "Cookie", "portcullis_session=" + "a".repeat(8192)),
        Garbage.header("CSRF token of a bad escape", "X-CSRF-Token", "%zz"),
        Garbage.header("Origin null", "Origin", "null"),
        Garbage.header("Origin unparseable", "Origin", "http://[::1"),
        Garbage.header("Sec-Fetch-Site junk", "Sec-Fetch-Site", "%zz"),
        Garbage.header("forwarded junk", "X-Forwarded-For", ",,, ;" + ",".repeat(500), "X-Forwarded-Proto", "gopher,,",
            "X-Forwarded-Host", "%zz"),
        Garbage.header("method override", "X-HTTP-Method-Override", "FOO"),
        Garbage.header("odd Accept", "Accept", "application/xml;q=bogus", "Accept-Encoding", "gzip;q=x",
            "Accept-Charset", "bogus"),
        Garbage.header("odd conditional headers", "If-None-Match", "\"", "If-Modified-Since", "yesterday",
            "Range", "bytes=abc"),
        Garbage.header("long User-Agent", "User-Agent", "u".repeat(8000)),
        Garbage.header("expect 100-continue", "Expect", "100-continue"),
        Garbage.header("unknown Expect", "Expect", "teapot"));
  }
}
