package dev.portcullis.server;

import dev.portcullis.check.ForwardAuthPolicy;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.throttle.RegistrationThrottle;
import dev.portcullis.token.TokenPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the server is built from. Made by the {@code serve} command from flags and their
 * {@code PORTCULLIS_*} environment twins, or directly by tests and embedders.
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    boolean dev,
    Optional<String> adminToken,
    Optional<String> issuer,
    Optional<String> publicUrl,
    Duration accessTtl,
    Duration sessionIdle,
    Duration sessionAbsolute,
    Duration refreshTtl,
    Duration refreshGrace,
    boolean trustProxy,
    Set<String> allowedOrigins,
    String cookieSameSite,
    Optional<String> postgresUrl,
    Optional<String> redisUrl,
    int loginLimitPerAccount,
    int loginLimitPerIp,
    Duration loginWindow,
    RegistrationThrottle.Limit registerLimit,
    long maxBodyBytes,
    String signingAlg,
    Optional<String> keyEncryptionKey,
    boolean insecurePlaintextKeys,
    String redisPrefix,
    ForwardAuthPolicy forwardAuth) {

  /** Chosen by measurement: see docs/benchmarks.md, "Choice of the default signing algorithm". */
  public static final String DEFAULT_SIGNING_ALG = "RS256";

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535");
    }
    if (accessTtl.isZero() || accessTtl.isNegative() || accessTtl.compareTo(TokenPolicy.MAX_ACCESS_TTL) > 0) {
      throw new IllegalArgumentException("--access-ttl must be between 1s and 15m");
    }
    if (sessionIdle.isZero() || sessionAbsolute.isZero() || sessionIdle.compareTo(sessionAbsolute) > 0) {
      throw new IllegalArgumentException("--session-idle must be positive and not longer than --session-absolute");
    }
    if (refreshTtl.isZero() || refreshGrace.isNegative() || refreshGrace.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("--refresh-ttl must be positive and --refresh-grace between 0s and 5m");
    }
    if (!Set.of("lax", "strict", "none").contains(cookieSameSite)) {
      throw new IllegalArgumentException("--cookie-samesite must be lax, strict or none");
    }
    if (cookieSameSite.equals("none") && dev) {
      throw new IllegalArgumentException("--cookie-samesite none needs HTTPS and cannot be combined with --dev");
    }
    if (adminToken.isPresent() && adminToken.get().length() < 16) {
      throw new IllegalArgumentException("--admin-token must be at least 16 characters");
    }
    if (!Set.of("ES256", "EdDSA", "RS256").contains(signingAlg)) {
      throw new IllegalArgumentException("--signing-alg must be ES256, EdDSA or RS256");
    }
    if (!redisPrefix.matches("[A-Za-z0-9_:.-]{1,32}")) {
      throw new IllegalArgumentException("--redis-prefix must be 1-32 of letters, digits, _ : . -");
    }
    allowedOrigins = Set.copyOf(allowedOrigins);
    publicOrigin(publicUrl, issuer); // refused at start, not at the first POST
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
    return issuer.orElse("http://localhost:" + port);
  }

  @Override
  public String toString() {
    return "ServerConfig[port=" + port + ", dev=" + dev + ", postgres=" + postgresUrl.isPresent()
        + ", redis=" + redisUrl.isPresent() + "]"; // never the admin token or key-encryption key
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** Starts from the defaults of the HTTP contract; for the serve command, tests and embedders. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8080;
    private final Path dataDir;
    private boolean dev;
    private String adminToken;
    private String issuer;
    private String publicUrl;
    private Duration accessTtl = Duration.ofMinutes(10);
    private Duration sessionIdle = Duration.ofDays(7);
    private Duration sessionAbsolute = Duration.ofDays(30);
    private Duration refreshTtl = Duration.ofDays(30);
    private Duration refreshGrace = Duration.ZERO;
    private boolean trustProxy;
    private Set<String> allowedOrigins = Set.of();
    private String cookieSameSite = "lax";
    private String postgresUrl;
    private String redisUrl;
    private int loginLimitPerAccount = 5;
    private int loginLimitPerIp = 50;
    private Duration loginWindow = Duration.ofMinutes(15);
    private RegistrationThrottle.Limit registerLimit = RegistrationThrottle.Limit.DEFAULT;
    private long maxBodyBytes = 64 * 1024;
    private String signingAlg = DEFAULT_SIGNING_ALG;
    private String keyEncryptionKey;
    private boolean insecurePlaintextKeys;
    private String redisPrefix = "pcl:";
    private ForwardAuthPolicy forwardAuth = ForwardAuthPolicy.DEFAULT;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder dev(boolean v) { dev = v; return this; }
    public Builder adminToken(String v) { adminToken = v; return this; }
    public Builder issuer(String v) { issuer = v; return this; }
    public Builder publicUrl(String v) { publicUrl = v; return this; }
    public Builder accessTtl(Duration v) { accessTtl = v; return this; }
    public Builder sessionIdle(Duration v) { sessionIdle = v; return this; }
    public Builder sessionAbsolute(Duration v) { sessionAbsolute = v; return this; }
    public Builder refreshTtl(Duration v) { refreshTtl = v; return this; }
    public Builder refreshGrace(Duration v) { refreshGrace = v; return this; }
    public Builder trustProxy(boolean v) { trustProxy = v; return this; }
    public Builder allowedOrigins(Set<String> v) { allowedOrigins = v; return this; }
    public Builder cookieSameSite(String v) { cookieSameSite = v; return this; }
    public Builder postgresUrl(String v) { postgresUrl = v; return this; }
    public Builder redisUrl(String v) { redisUrl = v; return this; }
    public Builder loginLimits(int perAccount, int perIp, Duration window) {
      loginLimitPerAccount = perAccount;
      loginLimitPerIp = perIp;
      loginWindow = window;
      return this;
    }
    /** Registrations per client IP per hour; validated by {@link RegistrationThrottle.Limit}. */
    public Builder registerLimitPerIp(int v) { registerLimit = RegistrationThrottle.Limit.perIp(v); return this; }
    public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
    public Builder signingAlg(String v) { signingAlg = v; return this; }
    public Builder keyEncryptionKey(String v) { keyEncryptionKey = v; return this; }
    /** Lets a server on PostgreSQL start without a key-encryption key: keys in clear, a WARN at every start. */
    public Builder insecurePlaintextKeys(boolean v) { insecurePlaintextKeys = v; return this; }
    public Builder redisPrefix(String v) { redisPrefix = v; return this; }
    /** What {@code GET /v1/check} accepts ({@code --check-methods}) and where it sends browsers to sign in. */
    public Builder forwardAuth(ForwardAuthPolicy v) { forwardAuth = v; return this; }

    public ServerConfig build() {
      return new ServerConfig(host, port, dataDir, dev, Optional.ofNullable(adminToken),
          Optional.ofNullable(issuer), Optional.ofNullable(publicUrl), accessTtl, sessionIdle, sessionAbsolute, refreshTtl,
          refreshGrace, trustProxy, allowedOrigins, cookieSameSite, Optional.ofNullable(postgresUrl),
          Optional.ofNullable(redisUrl), loginLimitPerAccount, loginLimitPerIp, loginWindow,
          registerLimit, maxBodyBytes, signingAlg, Optional.ofNullable(keyEncryptionKey), insecurePlaintextKeys,
          redisPrefix, forwardAuth);
    }
  }

  /** The session cookie's name: the {@code __Host-} prefix binds it to this host, HTTPS and path /. */
  public String cookieName() {
    return dev ? "portcullis_session" : "__Host-portcullis";
  }
}
