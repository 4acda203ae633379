package dev.portcullis.server;

import dev.portcullis.account.AccountService;
import dev.portcullis.apikey.ApiKeyPolicy;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.check.ForwardAuth;
import dev.portcullis.store.jdbc.JdbcApiKeyStore;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.HashingPool;
import dev.portcullis.account.PasswordHasher;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.device.DeviceService;
import dev.portcullis.login.BrowserLogin;
import dev.portcullis.login.PasswordChange;
import dev.portcullis.server.routes.HealthRoutes;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.session.SessionService;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.jdbc.JdbcAccountStore;
import dev.portcullis.store.jdbc.JdbcAuditLog;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.store.jdbc.JdbcSecretStore;
import dev.portcullis.store.jdbc.JdbcSessionStore;
import dev.portcullis.store.jdbc.JdbcThrottleStore;
import dev.portcullis.store.redis.RedisConnection;
import dev.portcullis.store.redis.RedisDenyList;
import dev.portcullis.store.redis.RedisSessionStore;
import dev.portcullis.store.redis.RedisThrottleStore;
import dev.portcullis.client.ClientService;
import dev.portcullis.client.ClientStore;
import dev.portcullis.store.jdbc.JdbcClientStore;
import dev.portcullis.store.jdbc.JdbcDenyList;
import dev.portcullis.store.jdbc.JdbcRefreshFamilyStore;
import dev.portcullis.store.jdbc.JdbcSigningKeyStore;
import dev.portcullis.token.AccessTokenIssuer;
import dev.portcullis.token.AccessTokenVerifier;
import dev.portcullis.token.DenyList;
import dev.portcullis.token.Introspection;
import dev.portcullis.token.RefreshFamilyStore;
import dev.portcullis.token.RefreshTokenService;
import dev.portcullis.token.SigningKeyStore;
import dev.portcullis.token.SigningKeys;
import dev.portcullis.token.TokenPolicy;
import dev.portcullis.token.TokenService;
import dev.portcullis.token.TokenVersionCache;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import dev.portcullis.throttle.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every store and service from a {@link ServerConfig}: the one place where the object graph
 * is wired (no DI framework). Closing it closes what it opened.
 */
public final class Registry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  public final ServerConfig config;
  public final Clock clock;
  public final Metrics metrics = new Metrics();
  public final JdbcDatabase database;
  public final AccountStore accountStore;
  public final SessionStore sessionStore;
  public final ThrottleStore throttleStore;
  public final AuditLog audit;
  public final SecretStore secrets;
  public final HashingPool hashingPool;
  public final AccountService accounts;
  public final SessionService sessions;
  public final LoginThrottle loginThrottle;
  public final OriginPolicy origins;
  public final ClientStore clientStore;
  public final SigningKeyStore signingKeyStore;
  public final RefreshFamilyStore refreshFamilyStore;
  public final DenyList denyList;
  public final TokenPolicy tokenPolicy;
  public final ClientService clients;
  public final SigningKeys signingKeys;
  public final TokenVersionCache tokenVersions;
  public final AccessTokenVerifier accessTokens;
  public final RefreshTokenService refreshTokens;
  public final TokenService tokens;
  public final Introspection introspection;
  public final BrowserLogin browserLogin;
  public final PasswordChange passwordChange;
  public final DeviceService devices;
  public final ApiKeyService apiKeys;
  public final ForwardAuth forwardAuth;
  private final Map<String, HealthRoutes.Check> readiness = new LinkedHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ScheduledExecutorService housekeeping;

  public Registry(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    byte[] kek = KeysAtRest.keyEncryptionKey(config); // may refuse: before anything is opened
    this.database = config.postgresUrl().map(JdbcDatabase::of).orElseGet(() -> JdbcDatabase.embedded(config.dataDir()));
    closeables.add(database);
    readiness.put(config.postgresUrl().isPresent() ? "postgresql" : "embedded", database::checkReachable);

    var ds = database.dataSource();
    this.accountStore = new JdbcAccountStore(ds);
    JdbcSessionStore jdbcSessions = new JdbcSessionStore(ds, clock);
    if (config.redisUrl().isPresent()) {
      // sessions, throttle counters and the deny list: the hot, short-lived, shared state
      RedisConnection redis = new RedisConnection(config.redisUrl().get(), config.redisPrefix());
      closeables.add(redis);
      readiness.put("redis", redis::checkPing);
      this.sessionStore = new RedisSessionStore(redis, clock);
      this.throttleStore = new RedisThrottleStore(redis, clock);
      this.denyList = new RedisDenyList(redis, clock);
    } else {
      this.sessionStore = jdbcSessions;
      this.throttleStore = new JdbcThrottleStore(ds, clock);
      this.denyList = new JdbcDenyList(ds, clock);
    }
    this.audit = new JdbcAuditLog(ds);
    this.secrets = new SealedSecretStore(new JdbcSecretStore(ds, clock), kek);

    this.hashingPool = HashingPool.sizedForMachine();
    closeables.add(hashingPool);
    this.loginThrottle = new LoginThrottle(throttleStore, clock,
        new LoginThrottle.Limits(config.loginLimitPerAccount(), config.loginLimitPerIp(), config.loginWindow()));
    this.accounts = new AccountService(accountStore, new PasswordHasher(PasswordHasher.DEFAULT), hashingPool,
        loginThrottle, new RegistrationThrottle(throttleStore, clock, config.registerLimit()), audit, clock);
    Hmac csrfKey = orClose(() -> Hmac.fromBase64(secrets.getOrCreate("csrf-hmac-key", Tokens.secret256())));
    this.sessions = new SessionService(sessionStore, accountStore, audit, clock,
        new SessionPolicy(config.sessionIdle(), config.sessionAbsolute()), csrfKey);
    accounts.addRevocationListener(sessions);
    this.origins = new OriginPolicy(config.allowedOrigins(), config.publicOrigin());

    this.clientStore = new JdbcClientStore(ds, clock);
    this.signingKeyStore = new JdbcSigningKeyStore(ds, clock);
    this.refreshFamilyStore = new JdbcRefreshFamilyStore(ds, clock);
    this.tokenPolicy = TokenPolicy.defaults(config.issuerUrl())
        .withAlgorithm(config.signingAlg())
        .withAccessTtl(config.accessTtl())
        .withRefresh(min(Duration.ofDays(14), config.refreshTtl()), config.refreshTtl(), config.refreshGrace());
    this.clients = new ClientService(clientStore, clock);
    this.signingKeys = new SigningKeys(signingKeyStore, tokenPolicy, clock, kek);
    orClose(signingKeys::load);
    this.tokenVersions = new TokenVersionCache(accountStore, clock, tokenPolicy.tokenVersionTtl());
    AccessTokenIssuer issuer = new AccessTokenIssuer(signingKeys, tokenPolicy, clock);
    this.accessTokens = new AccessTokenVerifier(signingKeys, tokenPolicy, denyList, tokenVersions, clock);
    this.refreshTokens = new RefreshTokenService(refreshFamilyStore, accountStore, issuer, denyList, audit,
        tokenPolicy, clock);
    this.tokens = new TokenService(refreshTokens, issuer, accessTokens, denyList, tokenPolicy, clock);
    this.introspection = new Introspection(accessTokens, tokenPolicy);
    accounts.addRevocationListener(refreshTokens);
    accounts.addRevocationListener(tokenVersions);
    metrics.bindRefreshReuse(refreshTokens::reuseDetectedCount);

    // the use cases every face calls (JSON routes; later pages, CLI, forward auth): over the services above
    this.browserLogin = new BrowserLogin(accounts, sessions, clock);
    this.passwordChange = new PasswordChange(accounts, sessions, clock);
    this.devices = new DeviceService(sessions, refreshTokens);

    // forward auth (GET /v1/check) and the API keys it accepts, over the services above
    this.apiKeys = new ApiKeyService(new JdbcApiKeyStore(ds), throttleStore, audit, clock, ApiKeyPolicy.DEFAULT);
    this.forwardAuth = new ForwardAuth(sessions, accessTokens, apiKeys, accountStore, origins, audit, clock,
        config.forwardAuth());

    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "portcullis-housekeeping");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(() -> {
      if (sessionStore == jdbcSessions) {
        purge("sessions", jdbcSessions::purgeExpired);
      }
      purge("refresh families", refreshFamilyStore::purgeExpired);
      purge("deny-list entries", denyList::purgeExpired);
      purge("retired signing keys", signingKeyStore::purgeExpired);
    }, 1, 10, TimeUnit.MINUTES);
  }

  private static void purge(String what, java.util.function.IntSupplier purge) {
    try {
      int n = purge.getAsInt();
      if (n > 0) {
        LOG.info("purged {} expired {}", n, what);
      }
    } catch (RuntimeException e) {
      LOG.warn("purging expired {} failed: {}", what, e.getMessage());
    }
  }

  /** A start-up step that may refuse (a key that does not decrypt): closes what is open, then rethrows. */
  private <T> T orClose(Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      closeOpened();
      throw e;
    }
  }

  private void orClose(Runnable step) {
    orClose(() -> {
      step.run();
      return null;
    });
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public Map<String, HealthRoutes.Check> readiness() {
    return readiness;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    closeOpened();
  }

  private void closeOpened() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", closeables.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
