package dev.portcullis.server;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.HashingPool;
import dev.portcullis.account.PasswordHasher;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.SecretStore;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.session.SessionService;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.jdbc.JdbcAccountStore;
import dev.portcullis.store.jdbc.JdbcAuditLog;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.store.jdbc.JdbcSecretStore;
import dev.portcullis.store.jdbc.JdbcSessionStore;
import dev.portcullis.store.jdbc.JdbcThrottleStore;
import dev.portcullis.throttle.LoginThrottle;
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
import java.util.function.BooleanSupplier;
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
  private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ScheduledExecutorService housekeeping;

  public Registry(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.database = config.postgresUrl().map(JdbcDatabase::of).orElseGet(() -> JdbcDatabase.embedded(config.dataDir()));
    closeables.add(database);
    readiness.put(config.postgresUrl().isPresent() ? "postgresql" : "embedded", database::isReachable);

    var ds = database.dataSource();
    this.accountStore = new JdbcAccountStore(ds);
    JdbcSessionStore jdbcSessions = new JdbcSessionStore(ds, clock);
    this.sessionStore = jdbcSessions;
    this.throttleStore = new JdbcThrottleStore(ds, clock);
    this.audit = new JdbcAuditLog(ds);
    this.secrets = new JdbcSecretStore(ds, clock);

    this.hashingPool = HashingPool.sizedForMachine();
    closeables.add(hashingPool);
    this.loginThrottle = new LoginThrottle(throttleStore, clock,
        new LoginThrottle.Limits(config.loginLimitPerAccount(), config.loginLimitPerIp(), config.loginWindow()));
    this.accounts = new AccountService(accountStore, new PasswordHasher(PasswordHasher.DEFAULT), hashingPool,
        loginThrottle, audit, clock);
    Hmac csrfKey = Hmac.fromBase64(secrets.getOrCreate("csrf-hmac-key", Tokens.secret256()));
    this.sessions = new SessionService(sessionStore, accountStore, audit, clock,
        new SessionPolicy(config.sessionIdle(), config.sessionAbsolute(), Duration.ofMinutes(1)), csrfKey);
    accounts.addRevocationListener(sessions);
    this.origins = new OriginPolicy(config.allowedOrigins());

    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "portcullis-housekeeping");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        int n = jdbcSessions.purgeExpired();
        if (n > 0) {
          LOG.info("purged {} expired sessions", n);
        }
      } catch (RuntimeException e) {
        LOG.warn("session purge failed: {}", e.getMessage());
      }
    }, 1, 10, TimeUnit.MINUTES);
  }

  public Map<String, BooleanSupplier> readiness() {
    return readiness;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", closeables.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
