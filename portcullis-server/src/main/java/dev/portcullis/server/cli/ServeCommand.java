package dev.portcullis.server.cli;

import dev.portcullis.server.Durations;
import dev.portcullis.server.PortcullisServer;
import dev.portcullis.check.ForwardAuthPolicy;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.session.ContextWatch;
import dev.portcullis.throttle.RequestQuota;
import dev.portcullis.token.SigningAlgorithm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the server. Every flag has an environment twin: PORTCULLIS_ + the flag in upper case with _.
 * Flags only parse: one left unset stays null, and {@link ServerConfig.Builder} takes the default
 * of the record that owns the setting (shown in {@code --help} through {@link ServeDefaults}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, resourceBundle = "dev.portcullis.server.cli.ServeDefaults",
    description = {"Run the authentication server.",
        "Every flag can also be set by its environment twin: --access-ttl by PORTCULLIS_ACCESS_TTL, and so on."})
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "${env:PORTCULLIS_HOST}", description = "Address to bind (default ${bundle:default.host}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:PORTCULLIS_PORT}", description = "Port (default ${bundle:default.port}; 0 = any free port).")
  Integer port;

  @Option(names = "--data", defaultValue = "${env:PORTCULLIS_DATA:-./data}", description = "Directory of the embedded database (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--dev", defaultValue = "${env:PORTCULLIS_DEV}", description = "Allow plain-HTTP cookies. Never in production.")
  boolean dev;

  @Option(names = "--admin-token", defaultValue = "${env:PORTCULLIS_ADMIN_TOKEN}", description = "Bearer token accepted on /v1/admin/* (at least ${bundle:min.admin-token} characters).")
  String adminToken;

  @Option(names = "--issuer", defaultValue = "${env:PORTCULLIS_ISSUER}", description = "Token issuer URL (default http://localhost:<port>).")
  String issuer;

  @Option(names = "--public-url", defaultValue = "${env:PORTCULLIS_PUBLIC_URL}", description = "URL browsers reach this server at; unsafe requests must come from its origin or --allowed-origins (default: --issuer).")
  String publicUrl;

  @Option(names = "--access-ttl", defaultValue = "${env:PORTCULLIS_ACCESS_TTL}", description = "Access-token lifetime, at most ${bundle:max.access-ttl} (default ${bundle:default.access-ttl}).")
  String accessTtl;

  @Option(names = "--session-idle", defaultValue = "${env:PORTCULLIS_SESSION_IDLE}", description = "Session idle timeout (default ${bundle:default.session-idle}).")
  String sessionIdle;

  @Option(names = "--session-absolute", defaultValue = "${env:PORTCULLIS_SESSION_ABSOLUTE}", description = "Session absolute lifetime (default ${bundle:default.session-absolute}).")
  String sessionAbsolute;

  @Option(names = "--refresh-ttl", defaultValue = "${env:PORTCULLIS_REFRESH_TTL}", description = "Refresh-token family lifetime (default ${bundle:default.refresh-ttl}); a family unused for ${bundle:default.refresh-idle} expires earlier.")
  String refreshTtl;

  @Option(names = "--refresh-grace", defaultValue = "${env:PORTCULLIS_REFRESH_GRACE}", description = "Window in which a just-rotated refresh token returns the same successor, at most ${bundle:max.refresh-grace} (default ${bundle:default.refresh-grace}).")
  String refreshGrace;

  @Option(names = "--session-context-change", defaultValue = "${env:PORTCULLIS_SESSION_CONTEXT_CHANGE}", description = "A session used from another browser family or network than it was created on: record (audit event session_context_changed and its metric; the default), revoke (also end it), or off.")
  String sessionContextChange;

  @Option(names = "--audit-log-lines", defaultValue = "${env:PORTCULLIS_AUDIT_LOG_LINES}", description = "on or off: also write every audit event as a log line on the logger portcullis.audit (default ${bundle:default.audit-log-lines}).")
  String auditLogLines;

  @Option(names = "--audit-retention", defaultValue = "${env:PORTCULLIS_AUDIT_RETENTION}", description = "Delete audit events older than this, like 90d (at least ${bundle:min.audit-retention}); unset: keep them forever.")
  String auditRetention;

  @Option(names = "--trust-proxy", defaultValue = "${env:PORTCULLIS_TRUST_PROXY}", description = "Honour X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host.")
  boolean trustProxy;

  @Option(names = "--allowed-origins", defaultValue = "${env:PORTCULLIS_ALLOWED_ORIGINS}", description = "Comma-separated origins allowed for CORS and unsafe requests.")
  String allowedOrigins;

  @Option(names = "--cookie-samesite", defaultValue = "${env:PORTCULLIS_COOKIE_SAMESITE}", description = "lax, strict, or none (a SPA on another site: HTTPS and --allowed-origins only); default ${bundle:default.cookie-samesite}.")
  String cookieSameSite;

  @Option(names = "--postgres-url", defaultValue = "${env:PORTCULLIS_POSTGRES_URL}", description = "jdbc:postgresql://… to keep users, clients, tokens and audit in PostgreSQL.")
  String postgresUrl;

  @Option(names = "--redis-url", defaultValue = "${env:PORTCULLIS_REDIS_URL}", description = "redis://… to keep sessions, throttles and the deny list in Redis.")
  String redisUrl;

  @Option(names = "--redis-prefix", defaultValue = "${env:PORTCULLIS_REDIS_PREFIX}", description = "Prefix of every Redis key (default ${bundle:default.redis-prefix}).")
  String redisPrefix;

  @Option(names = "--login-limit-account", defaultValue = "${env:PORTCULLIS_LOGIN_LIMIT_ACCOUNT}", description = "Failed logins per account per window (default ${bundle:default.login-limit-account}).")
  Integer loginLimitAccount;

  @Option(names = "--login-limit-ip", defaultValue = "${env:PORTCULLIS_LOGIN_LIMIT_IP}", description = "Failed logins per IP per window (default ${bundle:default.login-limit-ip}).")
  Integer loginLimitIp;

  @Option(names = "--login-window", defaultValue = "${env:PORTCULLIS_LOGIN_WINDOW}", description = "Sliding window of the login limits (default ${bundle:default.login-window}).")
  String loginWindow;

  @Option(names = "--register-limit-ip", defaultValue = "${env:PORTCULLIS_REGISTER_LIMIT_IP}", description = "Registrations per client IP per ${bundle:register-window} (default ${bundle:default.register-limit-ip}).")
  Integer registerLimitIp;

  @Option(names = "--api-key-rate", defaultValue = "${env:PORTCULLIS_API_KEY_RATE}", description = "Requests per API key across all instances, as count/window (default ${bundle:default.api-key-rate}).")
  String apiKeyRate;

  @Option(names = "--check-methods", defaultValue = "${env:PORTCULLIS_CHECK_METHODS}", description = "Credentials GET /v1/check (forward auth) accepts: any of session, jwt, api_key (default ${bundle:default.check-methods}).")
  String checkMethods;

  @Option(names = "--check-signin-url", defaultValue = "${env:PORTCULLIS_CHECK_SIGNIN_URL}", description = "Where GET /v1/check sends a browser page load without a credential (302, with return_to); unset: 401.")
  String checkSigninUrl;

  @Option(names = "--signing-alg", defaultValue = "${env:PORTCULLIS_SIGNING_ALG}", description = "${bundle:choices.signing-alg} for new signing keys (default ${bundle:default.signing-alg}).")
  String signingAlg;

  @Option(names = "--insecure-plaintext-keys", defaultValue = "${env:PORTCULLIS_INSECURE_PLAINTEXT_KEYS}", description = "On PostgreSQL, start without PORTCULLIS_KEY_ENCRYPTION_KEY and keep private keys in clear: a database copy can then mint tokens.")
  boolean insecurePlaintextKeys;

  /** Where the key-encryption key is read: the process environment, or a test's stand-in (see Main). */
  Function<String, String> environment = System::getenv;

  @Override
  public Integer call() throws Exception {
    PortcullisServer server = PortcullisServer.start(config());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "portcullis-shutdown"));
    stopped.await();
    return 0;
  }

  /** The configuration the flags describe; a value refused here or by a policy is a usage error (exit 2). */
  ServerConfig config() {
    try {
      return ServerConfig.builder(data)
          .host(host).port(port).dev(dev).adminToken(blankToNull(adminToken)).issuer(blankToNull(issuer))
          .publicUrl(blankToNull(publicUrl))
          .accessTtl(parse("--access-ttl", Durations::parse, accessTtl))
          .sessionIdle(parse("--session-idle", Durations::parse, sessionIdle))
          .sessionAbsolute(parse("--session-absolute", Durations::parse, sessionAbsolute))
          .refreshTtl(parse("--refresh-ttl", Durations::parse, refreshTtl))
          .refreshGrace(parse("--refresh-grace", Durations::parse, refreshGrace))
          .sessionContextChange(parse("--session-context-change", ContextWatch.Mode::parse, sessionContextChange))
          .auditLogLines(parse("--audit-log-lines", ServeCommand::onOff, auditLogLines))
          .auditRetention(parse("--audit-retention", Durations::parse, auditRetention))
          .trustProxy(trustProxy).allowedOrigins(origins(allowedOrigins))
          .cookieSameSite(parse("--cookie-samesite", v -> v.trim().toLowerCase(Locale.ROOT), cookieSameSite))
          .postgresUrl(parse("--postgres-url", ServeCommand::postgresUrl, blankToNull(postgresUrl)))
          .redisUrl(parse("--redis-url", ServeCommand::redisUrl, blankToNull(redisUrl)))
          .redisPrefix(parse("--redis-prefix", String::trim, redisPrefix))
          .loginLimitPerAccount(loginLimitAccount).loginLimitPerIp(loginLimitIp)
          .loginWindow(parse("--login-window", Durations::parse, loginWindow))
          .registerLimitPerIp(registerLimitIp)
          .apiKeyRate(parse("--api-key-rate", ServeCommand::rate, apiKeyRate))
          .signingAlg(parse("--signing-alg", v -> SigningAlgorithm.of(v.trim()), signingAlg))
          // a secret: read from the environment only, never a flag (flags show in ps)
          .keyEncryptionKey(blankToNull(environment.apply("PORTCULLIS_KEY_ENCRYPTION_KEY")))
          .insecurePlaintextKeys(insecurePlaintextKeys)
          .forwardAuth(checkMethods == null && checkSigninUrl == null ? null : forwardAuth())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ForwardAuthPolicy forwardAuth() {
    try {
      return ForwardAuthPolicy.parse(checkMethods == null ? ForwardAuthPolicy.DEFAULT_METHODS : checkMethods,
          checkSigninUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--check-methods / --check-signin-url: " + e.getMessage());
    }
  }

  /** The flag's text parsed, or null (unset) if it was not given. */
  private static <T> T parse(String flag, Function<String, T> parser, String text) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  /**
   * A URL Lettuce can connect with ({@code redis://}, {@code rediss://}, {@code redis-socket://},
   * {@code redis-sentinel://}), checked before anything is opened. The message never repeats the
   * URL: it may hold a password.
   */
  static String redisUrl(String text) {
    String url = text.trim();
    try {
      io.lettuce.core.RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL like redis://127.0.0.1:6379 or rediss://user:password@host:6380/0");
    }
    return url;
  }

  /** A PostgreSQL JDBC URL; the message never repeats it (it may hold a password). */
  static String postgresUrl(String text) {
    String url = text.trim();
    if (!url.startsWith("jdbc:postgresql://") || url.length() == "jdbc:postgresql://".length()) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL like jdbc:postgresql://127.0.0.1:5432/portcullis?user=portcullis");
    }
    return url;
  }

  /** {@code 600/1m}: a count, a slash, a duration; {@link RequestQuota.Limit} checks the bounds. */
  private static RequestQuota.Limit rate(String text) {
    String[] parts = text.trim().split("/", 2);
    try {
      return new RequestQuota.Limit(Integer.parseInt(parts[0].trim()), Durations.parse(parts.length > 1 ? parts[1] : null));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new IllegalArgumentException("'" + text + "' is not a rate like 600/1m (" + e.getMessage() + ")");
    }
  }

  private static Boolean onOff(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' must be on or off");
    };
  }

  private static Set<String> origins(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv == null) {
      return out;
    }
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
