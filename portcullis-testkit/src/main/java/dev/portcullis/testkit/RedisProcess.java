package dev.portcullis.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} on a free port of 127.0.0.1 that keeps nothing on disk, for
 * tests that kill Redis and start it again on the same port. The binary is taken from PATH; without
 * it the test fails, naming the package to install. Starting and stopping wait at most 10 s.
 */
public final class RedisProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 10_000;

  private final Path binary;
  private final int port;
  private Process process;

  private RedisProcess(Path binary, int port) {
    this.binary = binary;
    this.port = port;
  }

  public static RedisProcess onFreePort() throws IOException {
    return new RedisProcess(findBinary(), freePort());
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts redis-server and waits (at most 10 s) until its port accepts connections. */
  public void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server is already running");
    }
    process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start with " + process.exitValue()
            + " (port " + port + " taken?)");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
  }

  /** Kills the server the hard way, as a crash would, and waits (bounded) until it is gone. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server did not exit within 10 s");
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private static Path findBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("redis-server not found on PATH (apt-get install -y redis-server)");
  }
}
