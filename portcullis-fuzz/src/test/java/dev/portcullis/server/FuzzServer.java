package dev.portcullis.server;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.throttle.RegistrationThrottle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One embedded server for the HTTP fuzz target, with a signed-in user whose credentials a fuzz
 * input can name by placeholder, so that mutations reach the code behind authentication: {@code
 * {session}}, {@code {csrf}}, {@code {jwt}}, {@code {refresh}}, {@code {apikey}}, {@code {apikey_id}},
 * {@code {user}}, {@code {client}}, {@code {admin}}. {@link #renew} makes a fresh set when a request
 * may have spent them (a logout, a rotation, a password change).
 */
final class FuzzServer implements AutoCloseable {
  static final String ADMIN_TOKEN = "fuzz-admin-token-0123456789";
  static final String PASSWORD = "correct horse battery staple";
  private static final ObjectMapper JSON = new ObjectMapper();

  final PortcullisServer server;
  private final String clientId;
  private Map<String, String> credentials = Map.of();

  FuzzServer() throws IOException {
    server = PortcullisServer.start(ServerConfig.builder(Files.createTempDirectory("portcullis-fuzz-"))
        .host("127.0.0.1").port(0).dev(true).adminToken(ADMIN_TOKEN)
        .registerLimitPerIp(RegistrationThrottle.Limit.MAX_PER_IP)
        .loginLimits(1_000_000, 1_000_000, Duration.ofMinutes(1)).build());
    // the legacy password grant (listed explicitly) gives the user's tokens without a browser; without
    // authorization_code the client needs no redirect URIs
    clientId = call("POST", "/v1/admin/clients",
        "{\"type\":\"mobile\",\"name\":\"fuzz app\",\"grant_types\":[\"password\",\"refresh_token\"]}",
        "Authorization: Bearer " + ADMIN_TOKEN).json().get("client_id").asText();
    renew();
  }

  /**
   * The harness talks to its own server on the loopback interface; Jazzer's SSRF detector still
   * flags any other destination. Without the detector (replaying inputs) there is nothing to allow.
   */
  static void allowLoopback() {
    try {
      BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    } catch (IllegalStateException noDetector) {
      // not fuzzing: hooks are off
    }
  }

  /** A new user, signed in every way there is. */
  void renew() {
    String email = "fuzz-" + UUID.randomUUID() + "@example.com";
    String credentialsJson = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    String user = call("POST", "/v1/register", credentialsJson).json().get("user_id").asText();
    Answer login = call("POST", "/v1/session/login", credentialsJson);
    String session = login.setCookie().replaceFirst(";.*", "").replaceFirst("^[^=]*=", "");
    String csrf = login.json().get("csrf_token").asText();
    JsonNode tokens = call("POST", "/v1/token", "grant_type=password&client_id=" + clientId + "&username="
        + email.replace("@", "%40") + "&password=" + PASSWORD.replace(' ', '+'),
        "Content-Type: application/x-www-form-urlencoded").json();
    JsonNode key = call("POST", "/v1/api-keys", "{\"name\":\"fuzz\"}", "Cookie: portcullis_session=" + session,
        "X-CSRF-Token: " + csrf).json();
    Map<String, String> c = new LinkedHashMap<>();
    c.put("{session}", session);
    c.put("{csrf}", csrf);
    c.put("{jwt}", tokens.get("access_token").asText());
    c.put("{refresh}", tokens.get("refresh_token").asText());
    c.put("{apikey}", key.get("key").asText());
    c.put("{apikey_id}", key.get("id").asText());
    c.put("{user}", user);
    c.put("{client}", clientId);
    c.put("{admin}", ADMIN_TOKEN);
    credentials = c;
  }

  /**
   * Renews the credentials if the last request may have spent them: cheaper than renewing after
   * every unsafe request (a renewal hashes passwords three times). A refresh token cannot be looked
   * at without rotating it, so any request to a token endpoint counts as spending it.
   */
  void renewIfSpent(String target) {
    boolean spent = target.contains("token")
        || get("/v1/session", "Cookie: portcullis_session=" + credentials.get("{session}")) != 200
        || get("/v1/me", "Authorization: Bearer " + credentials.get("{jwt}")) != 200
        || get("/v1/me", "Authorization: Bearer " + credentials.get("{apikey}")) != 200;
    if (spent) {
      renew();
    }
  }

  private int get(String path, String header) {
    return send(("GET " + path + " HTTP/1.1\r\n" + header + "\r\n").getBytes(StandardCharsets.ISO_8859_1),
        new byte[0]).status();
  }

  /** {@code text} with every placeholder replaced by the live credential it names. */
  String fill(String text) {
    String out = text;
    for (Map.Entry<String, String> e : credentials.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The live value of a placeholder such as {@code {session}}. */
  String credential(String placeholder) {
    return credentials.get(placeholder);
  }

  boolean hasPlaceholder(String text) {
    return credentials.keySet().stream().anyMatch(text::contains);
  }

  /** An answer; {@code status} 0 when the server closed the connection without one. */
  record Answer(int status, String head, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String setCookie() {
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
          return line.substring(11).trim();
        }
      }
      throw new AssertionError("no Set-Cookie in " + head);
    }
  }

  /** A request the harness needs to succeed (a 2xx), such as registering a client. */
  Answer call(String method, String path, String body, String... headers) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    if (body != null && !String.join("", headers).contains("Content-Type")) {
      head.append("Content-Type: application/json\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Answer a = send(head.toString().getBytes(StandardCharsets.ISO_8859_1), bytes);
    if (a.status() / 100 != 2) {
      throw new AssertionError(method + " " + path + " while setting up: " + a.status() + " " + a.body());
    }
    return a;
  }

  /**
   * Sends a request head (request line and headers, each ending in CRLF, no blank line) and a body;
   * adds Host, Content-Length and Connection: close.
   */
  Answer send(byte[] head, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head);
    request.writeBytes(("Host: 127.0.0.1:" + server.port() + "\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000); // a hang is a finding; this bounds how long one takes to show
      socket.getOutputStream().write(request.toByteArray());
      socket.shutdownOutput();
      byte[] raw;
      try {
        raw = socket.getInputStream().readAllBytes();
      } catch (SocketException reset) {
        raw = new byte[0];
      }
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || end < 0) {
        return new Answer(0, text, "");
      }
      int status = Integer.parseInt(text.substring(9, 12));
      return new Answer(status, text.substring(0, end),
          new String(text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
