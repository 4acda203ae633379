package dev.portcullis.server.cli;

import dev.portcullis.server.Durations;
import dev.portcullis.server.PortcullisServer;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.throttle.RegistrationThrottle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.portcullis.check.ForwardAuthPolicy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the server. Every flag has an environment twin: PORTCULLIS_ + the flag in upper case with _. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the authentication server.")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "${env:PORTCULLIS_HOST:-0.0.0.0}", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:PORTCULLIS_PORT:-8080}", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--data", defaultValue = "${env:PORTCULLIS_DATA:-./data}", description = "Directory of the embedded database (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--dev", defaultValue = "${env:PORTCULLIS_DEV:-false}", description = "Allow plain-HTTP cookies. Never in production.")
  boolean dev;

  @Option(names = "--admin-token", defaultValue = "${env:PORTCULLIS_ADMIN_TOKEN}", description = "Bearer token accepted on /v1/admin/* (at least 16 characters).")
  String adminToken;

  @Option(names = "--issuer", defaultValue = "${env:PORTCULLIS_ISSUER}", description = "Token issuer URL (default http://localhost:<port>).")
  String issuer;

  @Option(names = "--public-url", defaultValue = "${env:PORTCULLIS_PUBLIC_URL}", description = "URL browsers reach this server at; unsafe requests must come from its origin or --allowed-origins (default: --issuer).")
  String publicUrl;

  @Option(names = "--access-ttl", defaultValue = "${env:PORTCULLIS_ACCESS_TTL:-10m}", description = "Access-token lifetime, at most 15m (default ${DEFAULT-VALUE}).")
  String accessTtl;

  @Option(names = "--session-idle", defaultValue = "${env:PORTCULLIS_SESSION_IDLE:-7d}", description = "Session idle timeout (default ${DEFAULT-VALUE}).")
  String sessionIdle;

  @Option(names = "--session-absolute", defaultValue = "${env:PORTCULLIS_SESSION_ABSOLUTE:-30d}", description = "Session absolute lifetime (default ${DEFAULT-VALUE}).")
  String sessionAbsolute;

  @Option(names = "--refresh-ttl", defaultValue = "${env:PORTCULLIS_REFRESH_TTL:-30d}", description = "Refresh-token family lifetime (default ${DEFAULT-VALUE}).")
  String refreshTtl;

  @Option(names = "--refresh-grace", defaultValue = "${env:PORTCULLIS_REFRESH_GRACE:-0s}", description = "Window in which a just-rotated refresh token returns the same successor (default ${DEFAULT-VALUE}).")
  String refreshGrace;

  @Option(names = "--trust-proxy", defaultValue = "${env:PORTCULLIS_TRUST_PROXY:-false}", description = "Honour X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host.")
  boolean trustProxy;

  @Option(names = "--allowed-origins", defaultValue = "${env:PORTCULLIS_ALLOWED_ORIGINS:-}", description = "Comma-separated origins allowed for CORS and unsafe requests.")
  String allowedOrigins;

  @Option(names = "--cookie-samesite", defaultValue = "${env:PORTCULLIS_COOKIE_SAMESITE:-lax}", description = "lax (default), strict, or none (cross-site set-ups over HTTPS only).")
  String cookieSameSite;

  @Option(names = "--postgres-url", defaultValue = "${env:PORTCULLIS_POSTGRES_URL}", description = "jdbc:postgresql://… to keep users, clients, tokens and audit in PostgreSQL.")
  String postgresUrl;

  @Option(names = "--redis-url", defaultValue = "${env:PORTCULLIS_REDIS_URL}", description = "redis://… to keep sessions, throttles and the deny list in Redis.")
  String redisUrl;

  @Option(names = "--redis-prefix", defaultValue = "${env:PORTCULLIS_REDIS_PREFIX:-pcl:}", description = "Prefix of every Redis key (default ${DEFAULT-VALUE}).")
  String redisPrefix;

  @Option(names = "--login-limit-account", defaultValue = "${env:PORTCULLIS_LOGIN_LIMIT_ACCOUNT:-5}", description = "Failed logins per account per window (default ${DEFAULT-VALUE}).")
  int loginLimitAccount;

  @Option(names = "--login-limit-ip", defaultValue = "${env:PORTCULLIS_LOGIN_LIMIT_IP:-50}", description = "Failed logins per IP per window (default ${DEFAULT-VALUE}).")
  int loginLimitIp;

  @Option(names = "--login-window", defaultValue = "${env:PORTCULLIS_LOGIN_WINDOW:-15m}", description = "Sliding window of the login limits (default ${DEFAULT-VALUE}).")
  String loginWindow;

  @Option(names = "--register-limit-ip", defaultValue = "${env:PORTCULLIS_REGISTER_LIMIT_IP:-" + RegistrationThrottle.Limit.DEFAULT_PER_IP + "}", description = "Registrations per client IP per hour (default ${DEFAULT-VALUE}).")
  int registerLimitIp;

  @Option(names = "--signing-alg", defaultValue = "${env:PORTCULLIS_SIGNING_ALG:-" + ServerConfig.DEFAULT_SIGNING_ALG + "}", description = "ES256, EdDSA or RS256 for new signing keys (default ${DEFAULT-VALUE}).")
  String signingAlg;

  @Option(names = "--insecure-plaintext-keys", defaultValue = "${env:PORTCULLIS_INSECURE_PLAINTEXT_KEYS:-false}", description = "On PostgreSQL, start without PORTCULLIS_KEY_ENCRYPTION_KEY and keep private keys in clear: a database copy can then mint tokens.")
  boolean insecurePlaintextKeys;

  @Option(names = "--check-methods", defaultValue = "${env:PORTCULLIS_CHECK_METHODS:-session,jwt,api_key}", description = "Credentials GET /v1/check (forward auth) accepts: any of session, jwt, api_key (default ${DEFAULT-VALUE}).")
  String checkMethods;

  @Option(names = "--check-signin-url", defaultValue = "${env:PORTCULLIS_CHECK_SIGNIN_URL}", description = "Where GET /v1/check sends a browser page load without a credential (302, with return_to); unset: 401.")
  String checkSigninUrl;

  /** Where the key-encryption key is read: the process environment, or a test's stand-in (see Main). */
  Function<String, String> environment = System::getenv;

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      config = ServerConfig.builder(data)
          .host(host).port(port).dev(dev).adminToken(blankToNull(adminToken)).issuer(blankToNull(issuer))
          .publicUrl(blankToNull(publicUrl))
          .accessTtl(duration("--access-ttl", accessTtl))
          .sessionIdle(duration("--session-idle", sessionIdle))
          .sessionAbsolute(duration("--session-absolute", sessionAbsolute))
          .refreshTtl(duration("--refresh-ttl", refreshTtl))
          .refreshGrace(duration("--refresh-grace", refreshGrace))
          .trustProxy(trustProxy).allowedOrigins(origins(allowedOrigins))
          .cookieSameSite(cookieSameSite.trim().toLowerCase())
          .postgresUrl(blankToNull(postgresUrl)).redisUrl(blankToNull(redisUrl)).redisPrefix(redisPrefix.trim())
          .loginLimits(loginLimitAccount, loginLimitIp, duration("--login-window", loginWindow))
          .registerLimitPerIp(registerLimitIp)
          .signingAlg(signingAlg.trim())
          // a secret: read from the environment only, never a flag (flags show in ps)
          .keyEncryptionKey(blankToNull(environment.apply("PORTCULLIS_KEY_ENCRYPTION_KEY")))
          .insecurePlaintextKeys(insecurePlaintextKeys)
          .forwardAuth(forwardAuth())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PortcullisServer server = PortcullisServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "portcullis-shutdown"));
    stopped.await();
    return 0;
  }

  private ForwardAuthPolicy forwardAuth() {
    try {
      return ForwardAuthPolicy.parse(checkMethods, checkSigninUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--check-methods / --check-signin-url: " + e.getMessage());
    }
  }

  private Duration duration(String flag, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  private static Set<String> origins(String csv) {
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(o -> {
      if (!o.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException("--allowed-origins: '" + o + "' is not an origin like https://app.example.com");
      }
      out.add(o);
    });
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
