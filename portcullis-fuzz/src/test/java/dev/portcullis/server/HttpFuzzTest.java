package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Whole requests against a real server: the request line, the cookie and {@code Authorization}
 * headers, {@code Content-Type}, form and JSON bodies all go through the same parsing a client's
 * would (Jetty, Javalin, {@code Authenticator}, {@code Body}, the routes). Every answer must be a
 * client error or a success: a 5xx, no answer at all or a hang is a bug (RFC 9110 section 15.5: a
 * malformed request is the client's error, 400).
 *
 * <p>Input, as text: {@code METHOD /path} on the first line, then header lines, a blank line and
 * the body. Placeholders such as {@code {session}} or {@code {jwt}} become live credentials ({@link
 * FuzzServer}). Host, Content-Length, Transfer-Encoding, Connection and Expect are the harness's:
 * they frame the exchange, so a fuzzed one is dropped.
 */
class HttpFuzzTest {
  private static final Set<String> FRAMING = Set.of("host", "content-length", "transfer-encoding", "connection", "expect");
  private static FuzzServer server;

  @BeforeAll
  static void start() throws Exception {
    // the harness talks to its own server on the loopback interface; anywhere else is still a finding
    server = new FuzzServer();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @FuzzTest
  void everyRequestGetsAnAnswerBelow500(byte[] data) {
    FuzzServer.allowLoopback();
    String text = new String(data, StandardCharsets.ISO_8859_1);
    int blank = text.indexOf("\n\n");
    String head = blank < 0 ? text : text.substring(0, blank);
    String body = blank < 0 ? "" : text.substring(blank + 2);
    boolean withCredentials = server.hasPlaceholder(text);
    String[] lines = server.fill(head).replace("\r", "").split("\n", -1);

    String requestLine = lines[0].isEmpty() ? "GET /" : lines[0];
    int space = requestLine.indexOf(' ');
    String method = space < 0 ? requestLine : requestLine.substring(0, space);
    String target = space < 0 ? "/" : requestLine.substring(space + 1);
    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0 || FRAMING.contains(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
        continue;
      }
      request.append(lines[i]).append("\r\n");
    }
    ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
    bodyBytes.writeBytes(server.fill(body).getBytes(StandardCharsets.ISO_8859_1));

    FuzzServer.Answer answer = server.send(request.toString().getBytes(StandardCharsets.ISO_8859_1), bodyBytes.toByteArray());
    assertThat(answer.status()).as("answer to %s", request).isBetween(100, 499);
    if (withCredentials && !method.equals("GET")) {
      server.renewIfSpent(target); // it may have logged out, rotated or revoked what the next input names
    }
  }
}
