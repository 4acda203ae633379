package dev.portcullis.store.redis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} on a free port that keeps nothing on disk, for tests that kill
 * Redis. The binary is taken from PATH; without it the test fails, naming the package to install.
 */
final class RedisServerProcess implements AutoCloseable {
  private final Path binary;
  private final int port;
  private Process process;

  private RedisServerProcess(Path binary, int port) {
    this.binary = binary;
    this.port = port;
  }

  static RedisServerProcess onFreePort() throws IOException {
    return new RedisServerProcess(findBinary(), freePort());
  }

  /** A port nothing listens on at the moment of asking. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() throws IOException {
    process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Kills the server the hard way, as a crash would, and waits (bounded) until it is gone. */
  void kill() throws InterruptedException {
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
