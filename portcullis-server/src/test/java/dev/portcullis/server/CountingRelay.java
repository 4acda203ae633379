package dev.portcullis.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through on 127.0.0.1 in front of a real server's GET routes, counting the requests it
 * relays: how a test sees, from the outside, how often a resource server fetched the JWKS.
 * Status, {@code Cache-Control}, {@code Content-Type} and body are passed on unchanged.
 */
final class CountingRelay implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final HttpServer http;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final String upstream;
  final AtomicInteger requests = new AtomicInteger();

  CountingRelay(String upstream) throws IOException {
    this.upstream = upstream;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(pool);
    http.createContext("/", this::relay);
    http.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
  }

  private void relay(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try {
      HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI())).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      for (String name : new String[] {"Cache-Control", "Content-Type"}) {
        r.headers().firstValue(name).ifPresent(v -> ex.getResponseHeaders().add(name, v));
      }
      ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      ex.getResponseBody().write(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.sendResponseHeaders(502, -1);
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}
