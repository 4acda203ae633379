package dev.portcullis.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server as operators run it: {@code java -jar target/portcullis.jar serve …} in a JVM of its
 * own, so that it can be killed with SIGKILL ({@link #kill}: no shutdown hook, no flush, no
 * rollback but the database's own) and started again over the same database.
 */
final class ServerProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "portcullis.jar");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<String> args;
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;

  /** Not started yet; {@code args} follow {@code serve} and must not name a port. */
  ServerProcess(List<String> args, Map<String, String> env, Path log) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: it is built by the package phase, "
          + "before the integration tests (./mvnw verify, or ./mvnw -pl portcullis-server -am package first)");
    }
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
    this.log = log;
    this.port = freePort();
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the JVM and waits for {@code /readyz}; returns how long that took. */
  Duration start() throws IOException, InterruptedException {
    long began = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port)));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      if (ready()) {
        return Duration.ofNanos(System.nanoTime() - began);
      }
      Thread.sleep(100); // polling a child process for readiness, not waiting for time to pass in a test
    }
    kill();
    throw new IllegalStateException("the server was not ready within 120 s; see " + log.toAbsolutePath());
  }

  private boolean ready() {
    try {
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/readyz"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly(); // SIGKILL on Linux: the JVM runs nothing more
      process.waitFor();
    }
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
