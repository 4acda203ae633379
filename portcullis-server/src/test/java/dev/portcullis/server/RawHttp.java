package dev.portcullis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket, for what {@link java.net.http.HttpClient} refuses to send: a forged
 * {@code Host}, malformed percent-encodings in the path, lying {@code Content-Length}, control
 * characters in headers. One request per connection ({@code Connection: close}).
 */
final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** An answer; {@code status} 0 if the server closed the connection without answering. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    List<String> setCookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /**
   * Sends {@code method target} with {@code headers} (name, value pairs; a {@code Host} or
   * {@code Content-Length} among them replaces the one added by default) and {@code body}.
   */
  Response send(String method, String target, byte[] body, String... headers) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    boolean host = false;
    boolean length = false;
    for (int i = 0; i < headers.length; i += 2) {
      host |= headers[i].equalsIgnoreCase("Host");
      length |= headers[i].equalsIgnoreCase("Content-Length") || headers[i].equalsIgnoreCase("Transfer-Encoding");
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    if (!host) {
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    if (!length && body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.writeBytes(body);
    }
    return exchange(request.toByteArray(), !method.equals("HEAD"));
  }

  Response send(String method, String target, String body, String... headers) {
    return send(method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private Response exchange(byte[] request, boolean expectBody) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000); // a guard against a hung server, not an assertion on speed
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      socket.shutdownOutput(); // a body shorter than its Content-Length ends here
      byte[] answer = readAll(socket.getInputStream());
      return answer.length == 0 ? new Response(0, Map.of(), "") : parse(answer, expectBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (java.net.SocketException reset) {
      return new byte[0]; // the server reset the connection without answering
    }
  }

  private static Response parse(byte[] raw, boolean expectBody) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    String body = end < 0 || !expectBody ? "" : text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null ? null : v.get(0);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
