package dev.portcullis.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a native app does for RFC 8252 §7.3: listens on 127.0.0.1 on a port of the OS's choosing
 * and receives the authorization response as a request to {@code /callback}.
 */
final class LoopbackRedirect implements AutoCloseable {
  static final String REGISTERED = "http://127.0.0.1/callback";

  private final HttpServer server;
  private final AtomicReference<URI> received = new AtomicReference<>();

  LoopbackRedirect() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/callback", exchange -> {
      received.set(URI.create(uri() + (exchange.getRequestURI().getRawQuery() == null ? ""
          : "?" + exchange.getRequestURI().getRawQuery())));
      byte[] page = "<!DOCTYPE html><title>Signed in</title><p>You can return to the app.</p>"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    });
    server.start();
  }

  /** The redirect URI the app sends, with the port it got. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
  }

  /** The last authorization response received, or null. */
  URI received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
