package dev.portcullis.server;

import dev.portcullis.apikey.ApiKeyPolicy;
import dev.portcullis.check.ForwardAuthPolicy;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.session.ContextWatch;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import dev.portcullis.throttle.RequestQuota;
import dev.portcullis.token.SigningAlgorithm;
import dev.portcullis.token.TokenPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the server is built from. Made by the {@code serve} command from flags and their
 * {@code PORTCULLIS_*} environment twins, or directly by tests and embedders. The features' settings
 * are their own policy records, which hold the defaults and the limits; this record adds only what
 * belongs to the server (where it listens, its cookies, its stores).
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    boolean dev,
    Optional<String> adminToken,
    Optional<String> issuer,
    Optional<String> publicUrl,
    boolean trustProxy,
    Set<String> allowedOrigins,
    String cookieSameSite,
    Optional<String> postgresUrl,
    Optional<String> redisUrl,
    String redisPrefix,
    long maxBodyBytes,
    Optional<String> keyEncryptionKey,
    boolean insecurePlaintextKeys,
    SessionPolicy sessionPolicy,
    LoginThrottle.Limits loginLimits,
    RegistrationThrottle.Limit registerLimit,
    TokenPolicy tokenPolicy,
    RequestQuota.Limit apiKeyRate,
    ForwardAuthPolicy forwardAuth,
    ContextWatch.Mode sessionContextChange,
    boolean auditLogLines,
    Optional<Duration> auditRetention) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_COOKIE_SAMESITE = "lax";
  public static final String DEFAULT_REDIS_PREFIX = "pcl:";
  public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
  /**
   * Audit events also go to the log (logger {@code portcullis.audit}) unless turned off: they are
   * few next to requests, hold no secret, and a log pipeline is where operators already look and alert.
   */
  public static final boolean DEFAULT_AUDIT_LOG_LINES = true;
  /** The shortest {@code --audit-retention}: below a day, a unit slip (90m for 90d) would empty the trail. */
  public static final Duration MIN_AUDIT_RETENTION = Duration.ofDays(1);

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535");
    }
    if (!Set.of("lax", "strict", "none").contains(cookieSameSite)) {
      throw new IllegalArgumentException("--cookie-samesite must be lax, strict or none");
    }
    if (adminToken.isPresent() && adminToken.get().length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("--admin-token must be at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
    }
    if (!redisPrefix.matches("[A-Za-z0-9_:.-]{1,32}")) {
      throw new IllegalArgumentException("--redis-prefix must be 1-32 of letters, digits, _ : . -");
    }
    auditRetention.filter(d -> d.compareTo(MIN_AUDIT_RETENTION) < 0).ifPresent(d -> {
      throw new IllegalArgumentException("--audit-retention must be at least 1d (unset keeps the audit trail forever)");
    });
    Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    Objects.requireNonNull(loginLimits, "loginLimits");
    Objects.requireNonNull(registerLimit, "registerLimit");
    if (!tokenPolicy.issuer().equals(issuer.orElse(defaultIssuer(port)))) {
      throw new IllegalArgumentException("the token policy's issuer must be --issuer, or " + defaultIssuer(port));
    }
    allowedOrigins = Set.copyOf(allowedOrigins);
    publicOrigin(publicUrl, issuer); // refused at start, not at the first POST
    if (cookieSameSite.equals("none")) {
      checkCrossSite(dev, allowedOrigins, publicOrigin(publicUrl, issuer));
    }
  }

  /**
   * {@code SameSite=None} lets every site make the browser send the session cookie, so it is only
   * accepted where it is needed and the cookie can be Secure: a SPA on another site (an allowed
   * origin) over HTTPS on both ends. Origin checks and CSRF tokens then carry all of the CSRF defence.
   */
  private static void checkCrossSite(boolean dev, Set<String> allowedOrigins, Optional<String> publicOrigin) {
    if (dev) {
      throw new IllegalArgumentException("--cookie-samesite none needs HTTPS and cannot be combined with --dev");
    }
    if (allowedOrigins.isEmpty()) {
      throw new IllegalArgumentException("--cookie-samesite none is for a SPA on another site: set --allowed-origins "
          + "to its origin (like https://app.example.com), or keep lax");
    }
    allowedOrigins.stream().filter(o -> !o.startsWith("https://")).findFirst().ifPresent(o -> {
      // script injected into a plain-HTTP page would ride the cross-site session cookie
      throw new IllegalArgumentException("--cookie-samesite none needs HTTPS: --allowed-origins '" + o + "' is not https");
    });
    publicOrigin.filter(o -> !o.startsWith("https://")).ifPresent(o -> {
      throw new IllegalArgumentException("--cookie-samesite none needs HTTPS: browsers reach this server at " + o);
    });
  }

  /** True when the session cookie is {@code SameSite=None}: sent on cross-site requests too. */
  public boolean crossSiteCookie() {
    return cookieSameSite.equals("none");
  }

  /**
   * This server's origin as browsers reach it, for the Origin check: {@code --public-url}, else
   * {@code --issuer}. Empty when neither is set; then the check trusts the request's Host.
   */
  public Optional<String> publicOrigin() {
    return publicOrigin(publicUrl, issuer);
  }

  private static Optional<String> publicOrigin(Optional<String> publicUrl, Optional<String> issuer) {
    try {
      return publicUrl.or(() -> issuer).map(OriginPolicy::originOf);
    } catch (IllegalArgumentException e) {
      String flag = publicUrl.isPresent() ? "--public-url" : "--issuer (the default of --public-url)";
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  /** The issuer URL: {@code --issuer}, else {@code http://localhost:<port>}. */
  public String issuerUrl() {
    return tokenPolicy.issuer();
  }

  private static String defaultIssuer(int port) {
    return "http://localhost:" + port;
  }

  @Override
  public String toString() {
    return "ServerConfig[port=" + port + ", dev=" + dev + ", postgres=" + postgresUrl.isPresent()
        + ", redis=" + redisUrl.isPresent() + "]"; // never the admin token or key-encryption key
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /**
   * Collects settings; whatever is left unset (null) takes the default of the record or policy that
   * owns it. A value a policy refuses is reported with the flag that set it.
   */
  public static final class Builder {
    private final Path dataDir;
    private String host;
    private Integer port;
    private boolean dev;
    private String adminToken;
    private String issuer;
    private String publicUrl;
    private boolean trustProxy;
    private Set<String> allowedOrigins = Set.of();
    private String cookieSameSite;
    private String postgresUrl;
    private String redisUrl;
    private String redisPrefix;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private String keyEncryptionKey;
    private boolean insecurePlaintextKeys;
    private RequestQuota.Limit apiKeyRate;
    private ForwardAuthPolicy forwardAuth;
    private ContextWatch.Mode sessionContextChange;
    private Boolean auditLogLines;
    private Duration auditRetention;
    private Duration sessionIdle;
    private Duration sessionAbsolute;
    private Integer loginLimitPerAccount;
    private Integer loginLimitPerIp;
    private Duration loginWindow;
    private Integer registerLimitPerIp;
    private SigningAlgorithm signingAlg;
    private Duration accessTtl;
    private Duration refreshTtl;
    private Duration refreshGrace;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(Integer v) { port = v; return this; }
    public Builder dev(boolean v) { dev = v; return this; }
    public Builder adminToken(String v) { adminToken = v; return this; }
    public Builder issuer(String v) { issuer = v; return this; }
    public Builder publicUrl(String v) { publicUrl = v; return this; }
    public Builder trustProxy(boolean v) { trustProxy = v; return this; }
    public Builder allowedOrigins(Set<String> v) { allowedOrigins = v; return this; }
    public Builder cookieSameSite(String v) { cookieSameSite = v; return this; }
    public Builder postgresUrl(String v) { postgresUrl = v; return this; }
    public Builder redisUrl(String v) { redisUrl = v; return this; }
    public Builder redisPrefix(String v) { redisPrefix = v; return this; }
    public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
    public Builder keyEncryptionKey(String v) { keyEncryptionKey = v; return this; }
    /** Lets a server on PostgreSQL start without a key-encryption key: keys in clear, a WARN at every start. */
    public Builder insecurePlaintextKeys(boolean v) { insecurePlaintextKeys = v; return this; }
    /** Requests per API key, counted across instances; default {@link ApiKeyPolicy#DEFAULT}. */
    public Builder apiKeyRate(RequestQuota.Limit v) { apiKeyRate = v; return this; }
    /** What {@code GET /v1/check} accepts ({@code --check-methods}) and where it sends browsers to sign in. */
    public Builder forwardAuth(ForwardAuthPolicy v) { forwardAuth = v; return this; }
    /** What a session used from another browser family or network does: record (default), revoke, off. */
    public Builder sessionContextChange(ContextWatch.Mode v) { sessionContextChange = v; return this; }
    /** Whether each audit event is also a log line on {@code portcullis.audit} (default {@link ServerConfig#DEFAULT_AUDIT_LOG_LINES}). */
    public Builder auditLogLines(Boolean v) { auditLogLines = v; return this; }
    /** How long audit events are kept (at least {@link ServerConfig#MIN_AUDIT_RETENTION}); null keeps them forever. */
    public Builder auditRetention(Duration v) { auditRetention = v; return this; }
    public Builder sessionIdle(Duration v) { sessionIdle = v; return this; }
    public Builder sessionAbsolute(Duration v) { sessionAbsolute = v; return this; }
    public Builder loginLimitPerAccount(Integer v) { loginLimitPerAccount = v; return this; }
    public Builder loginLimitPerIp(Integer v) { loginLimitPerIp = v; return this; }
    public Builder loginWindow(Duration v) { loginWindow = v; return this; }
    public Builder loginLimits(int perAccount, int perIp, Duration window) {
      return loginLimitPerAccount(perAccount).loginLimitPerIp(perIp).loginWindow(window);
    }
    /** Registrations per client IP per hour; validated by {@link RegistrationThrottle.Limit}. */
    public Builder registerLimitPerIp(Integer v) { registerLimitPerIp = v; return this; }
    public Builder signingAlg(SigningAlgorithm v) { signingAlg = v; return this; }
    public Builder accessTtl(Duration v) { accessTtl = v; return this; }
    public Builder refreshTtl(Duration v) { refreshTtl = v; return this; }
    public Builder refreshGrace(Duration v) { refreshGrace = v; return this; }

    public ServerConfig build() {
      int p = or(port, DEFAULT_PORT);
      SessionPolicy sessions = policy("--session-idle / --session-absolute", () -> new SessionPolicy(
          or(sessionIdle, SessionPolicy.DEFAULT.idle()), or(sessionAbsolute, SessionPolicy.DEFAULT.absolute())));
      LoginThrottle.Limits defaults = LoginThrottle.Limits.DEFAULT;
      LoginThrottle.Limits login = policy("--login-limit-account / --login-limit-ip / --login-window",
          () -> new LoginThrottle.Limits(or(loginLimitPerAccount, defaults.perAccount()),
              or(loginLimitPerIp, defaults.perIp()), or(loginWindow, defaults.window())));
      RegistrationThrottle.Limit register = registerLimitPerIp == null ? RegistrationThrottle.Limit.DEFAULT
          : policy("--register-limit-ip", RegistrationThrottle.Limit::perIp, registerLimitPerIp);
      return new ServerConfig(or(host, DEFAULT_HOST), p, dataDir, dev, Optional.ofNullable(adminToken),
          Optional.ofNullable(issuer), Optional.ofNullable(publicUrl), trustProxy, allowedOrigins,
          or(cookieSameSite, DEFAULT_COOKIE_SAMESITE), Optional.ofNullable(postgresUrl), Optional.ofNullable(redisUrl),
          or(redisPrefix, DEFAULT_REDIS_PREFIX), maxBodyBytes,
          Optional.ofNullable(keyEncryptionKey), insecurePlaintextKeys, sessions, login, register,
          tokenPolicy(issuer == null ? defaultIssuer(p) : issuer), or(apiKeyRate, ApiKeyPolicy.DEFAULT.rateLimit()),
          or(forwardAuth, ForwardAuthPolicy.DEFAULT), or(sessionContextChange, ContextWatch.Mode.RECORD),
          or(auditLogLines, DEFAULT_AUDIT_LOG_LINES), Optional.ofNullable(auditRetention));
    }

    private TokenPolicy tokenPolicy(String issuerUrl) {
      TokenPolicy policy = policy("--issuer", TokenPolicy::defaults, issuerUrl);
      policy = signingAlg == null ? policy : policy.withAlgorithm(signingAlg);
      policy = accessTtl == null ? policy : policy("--access-ttl", policy::withAccessTtl, accessTtl);
      policy = refreshTtl == null ? policy : policy("--refresh-ttl", policy::withRefreshLifetime, refreshTtl);
      return refreshGrace == null ? policy : policy("--refresh-grace", policy::withRefreshGrace, refreshGrace);
    }

    /** Applies {@code value} to a policy, naming the flag if the policy refuses it. */
    private static <T, P> P policy(String flag, Function<T, P> make, T value) {
      return policy(flag, () -> make.apply(value));
    }

    private static <P> P policy(String flag, Supplier<P> make) {
      try {
        return make.get();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + ": " + e.getMessage());
      }
    }

    private static <T> T or(T value, T fallback) {
      return value != null ? value : fallback;
    }
  }

  /** The session cookie's name: the {@code __Host-} prefix binds it to this host, HTTPS and path /. */
  public String cookieName() {
    return dev ? "portcullis_session" : "__Host-portcullis";
  }
}
