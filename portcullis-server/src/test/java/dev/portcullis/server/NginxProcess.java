package dev.portcullis.server;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on a free port of 127.0.0.1, protecting a tiny upstream with {@code auth_request} to
 * Portcullis' {@code GET /v1/check}: the configuration the README shows, with every path in a temp
 * directory (no root paths, no system config). Never skipped: without nginx the test fails naming
 * the package ({@code .ci/run} installs it). Stopped by {@link #close}, and by a shutdown hook if
 * the JVM exits before that.
 */
final class NginxProcess implements AutoCloseable {
  private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin");

  final int port;
  final Path dir;
  private final Process process;
  private final Thread hook;

  private NginxProcess(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
    this.hook = new Thread(process::destroyForcibly, "nginx-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts nginx in front of {@code appPort}, asking Portcullis on {@code portcullisPort}; waits until it listens. */
  static NginxProcess start(int portcullisPort, int appPort) throws IOException, InterruptedException {
    return launch((dir, port) -> config(dir, port, portcullisPort, appPort));
  }

  /**
   * nginx terminating TLS with {@code certificate} and {@code key} (PEM) in front of Portcullis on
   * {@code portcullisPort}, which must trust the proxy: the set-up the README recommends, for tests
   * of what a browser does over HTTPS ({@code Secure} and {@code __Host-} cookies, HSTS).
   */
  static NginxProcess tls(int portcullisPort, Path certificate, Path key) throws IOException, InterruptedException {
    return launch((dir, port) -> head(dir) + """
          server {
            listen 127.0.0.1:%2$d ssl;
            ssl_certificate %4$s;
            ssl_certificate_key %5$s;
            location / {
              proxy_pass http://127.0.0.1:%3$d;
              proxy_set_header Host $http_host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Proto $scheme;
            }
          }
        }
        """.formatted(dir, port, portcullisPort, certificate, key));
  }

  private static NginxProcess launch(java.util.function.BiFunction<Path, Integer, String> config)
      throws IOException, InterruptedException {
    Path binary = findBinary();
    Path dir = Files.createTempDirectory("portcullis-nginx-");
    int port = dev.portcullis.testkit.RedisProcess.freePort();
    Files.writeString(dir.resolve("nginx.conf"), config.apply(dir, port));
    Path errorLog = dir.resolve("error.log");
    Process p = new ProcessBuilder(binary.toString(), "-p", dir + "/", "-e", errorLog.toString(),
            "-c", dir.resolve("nginx.conf").toString(),
            "-g", "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log " + errorLog + " warn;")
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    NginxProcess nginx = new NginxProcess(port, dir, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        nginx.close();
        throw new IllegalStateException("nginx exited at start: " + nginx.logs());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return nginx;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    nginx.close();
    throw new IllegalStateException("nginx did not listen on " + port + " within 10 s: " + nginx.logs());
  }

  /**
   * The README's configuration with local ports and paths. The client's own X-Auth-* headers never
   * reach the app: proxy_set_header replaces them with Portcullis' answer (or drops them when empty).
   */
  static String config(Path dir, int port, int portcullisPort, int appPort) {
    return head(dir) + """

          upstream portcullis { server 127.0.0.1:%3$d; }
          upstream app { server 127.0.0.1:%4$d; }

          server {
            listen 127.0.0.1:%2$d;

            # Portcullis' own API (login, tokens) and sign-in pages on the same host as the app, so the session
            # cookie is sent to both
            location ~ ^/(v1/|oauth/|assets/|signin$|signup$|signout$) {
              proxy_pass http://portcullis;
              proxy_set_header Host $http_host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Proto $scheme;
            }

            # the protected app
            location / {
              auth_request /_portcullis_check;
              auth_request_set $auth_user $upstream_http_x_auth_user;
              auth_request_set $auth_method $upstream_http_x_auth_method;
              auth_request_set $auth_scopes $upstream_http_x_auth_scopes;
              auth_request_set $auth_status $upstream_status;
              auth_request_set $auth_location $upstream_http_location;
              auth_request_set $auth_cookie $upstream_http_set_cookie;
              # a session rotated after a privilege change: its new cookie must reach the browser
              add_header Set-Cookie $auth_cookie;
              # nginx turns any check answer but 2xx/401/403 into a 500: give back the 503 and the sign-in redirect
              error_page 500 = @portcullis_other;
              proxy_set_header X-Auth-User $auth_user;
              proxy_set_header X-Auth-Method $auth_method;
              proxy_set_header X-Auth-Scopes $auth_scopes;
              proxy_pass http://app;
            }

            location = /_portcullis_check {
              internal;
              proxy_pass http://portcullis/v1/check;
              proxy_method GET;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header Host $http_host;
              proxy_set_header X-Original-URI $request_uri;
              proxy_set_header X-Original-Method $request_method;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Proto $scheme;
            }

            location @portcullis_other {
              if ($auth_status = 302) { return 302 $auth_location; }
              if ($auth_status = 503) { return 503; }
              return 500;
            }
          }
        }
        """.formatted(dir, port, portcullisPort, appPort);
  }

  /** The start of every configuration: one worker, and every temp path in {@code dir} (no system paths). */
  private static String head(Path dir) {
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : ""; // workers read our temp dir
    return user + """
        worker_processes 1;
        events { worker_connections 256; }
        http {
          access_log off;
          client_body_temp_path %s/client_body;
          proxy_temp_path %s/proxy;
          fastcgi_temp_path %s/fastcgi;
          uwsgi_temp_path %s/uwsgi;
          scgi_temp_path %s/scgi;
        """.formatted(dir, dir, dir, dir, dir);
  }

  String logs() {
    try {
      Path log = dir.resolve("error.log");
      Path out = dir.resolve("stdout.log");
      return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
    } catch (IOException e) {
      return "(logs unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
  }

  private static Path findBinary() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(SBIN);
    for (String d : dirs) {
      Path candidate = Path.of(d, "nginx");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("nginx not found (apt-get install -y nginx-light, or run .ci/run)");
  }
}
