package dev.portcullis.server.wiring;

import dev.portcullis.store.ChangeCounters;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.AuditRetention;
import dev.portcullis.audit.CountingAuditLog;
import dev.portcullis.audit.LoggingAuditLog;
import dev.portcullis.client.CachingClientStore;
import dev.portcullis.client.ClientStore;
import dev.portcullis.consent.ConsentStore;
import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.crypto.SecretStore;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.server.routes.HealthRoutes;
import dev.portcullis.session.CachingSessionStore;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.CounterCheckedCache;
import dev.portcullis.store.Purgeable;
import dev.portcullis.store.jdbc.JdbcAccountStore;
import dev.portcullis.store.jdbc.JdbcAuthorizationCodeStore;
import dev.portcullis.store.jdbc.JdbcConsentStore;
import dev.portcullis.store.jdbc.JdbcAuditLog;
import dev.portcullis.store.jdbc.JdbcClientStore;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.store.jdbc.JdbcDenyList;
import dev.portcullis.store.jdbc.JdbcRefreshFamilyStore;
import dev.portcullis.store.jdbc.JdbcSecretStore;
import dev.portcullis.store.jdbc.JdbcSessionStore;
import dev.portcullis.store.jdbc.JdbcSigningKeyStore;
import dev.portcullis.store.jdbc.JdbcThrottleStore;
import dev.portcullis.store.redis.RedisChangeCounters;
import dev.portcullis.store.redis.RedisConnection;
import dev.portcullis.store.redis.RedisDenyList;
import dev.portcullis.store.redis.RedisSessionStore;
import dev.portcullis.store.redis.RedisThrottleStore;
import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.ThrottleStore;
import dev.portcullis.token.AuthorizationCodeStore;
import dev.portcullis.token.CachingDenyList;
import dev.portcullis.token.DenyList;
import dev.portcullis.token.RefreshFamilyStore;
import dev.portcullis.token.SigningKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every store, on the backends the configuration names: the database (embedded H2, or PostgreSQL)
 * for everything, and Redis, when given, for the hot shared state (sessions, throttle counters, the
 * deny list). The one place that knows which driver backs which store; the features see only the
 * core's interfaces. {@code readiness} names each backend for {@code /readyz} with a check that throws while it does not answer.
 */
public record Stores(
    JdbcDatabase database,
    Optional<RedisConnection> redis,
    Map<String, HealthRoutes.Check> readiness,
    AccountStore accounts,
    SessionStore sessions,
    ThrottleStore throttles,
    AuditLog audit,
    SecretStore secrets,
    ClientStore clients,
    SigningKeyStore signingKeys,
    RefreshFamilyStore refreshFamilies,
    DenyList denyList,
    AuthorizationCodeStore authorizationCodes,
    ConsentStore consents,
    ChangeCounters changeCounters,
    ThrottleStore quotas,
    Optional<AuditRetention> auditRetention) {

  /** The latest an account or API key kept in memory is re-read, whatever the counters say (see {@link CounterCheckedCache}). */
  public static final Duration CACHE_MAX_AGE = Duration.ofSeconds(60);

  /**
   * Opens the database (migrating it) and the Redis client, registering each in {@code opened} as
   * soon as it is open. {@code kek} seals the server secrets; null keeps them in clear.
   */
  public static Stores open(ServerConfig config, byte[] kek, Clock clock, Opened opened) {
    JdbcDatabase database = opened.add(config.postgresUrl().map(JdbcDatabase::of)
        .orElseGet(() -> JdbcDatabase.embedded(config.dataDir())));
    Optional<RedisConnection> redis = config.redisUrl()
        .map(url -> opened.add(new RedisConnection(url, config.redisPrefix())));
    Map<String, HealthRoutes.Check> readiness = new LinkedHashMap<>();
    readiness.put(config.postgresUrl().isPresent() ? "postgresql" : "embedded", database::checkReachable);
    redis.ifPresent(r -> readiness.put("redis", r::checkPing));
    DataSource ds = database.dataSource();
    JdbcAuditLog trail = new JdbcAuditLog(ds);
    // counted for the metrics; logged (--audit-log-lines) once the store has kept the event
    AuditLog audit = new CountingAuditLog(config.auditLogLines() ? new LoggingAuditLog(trail) : trail);
    ChangeCounters counters = changeCounters(config, redis);
    // sessions and the deny list are worth keeping in memory only where checking a counter costs
    // nothing: the embedded database's counters live in this process (on Redis, a read is one round trip anyway)
    boolean inProcess = config.postgresUrl().isEmpty();
    // where the counters are in Redis, the session and deny-list reads fetch the account's with them
    boolean countersInRedis = counters instanceof RedisChangeCounters;
    ThrottleStore throttles = redis.<ThrottleStore>map(r -> new RedisThrottleStore(r, clock))
        .orElseGet(() -> new JdbcThrottleStore(ds, clock));
    return new Stores(database, redis, Collections.unmodifiableMap(readiness),
        new CachingAccountStore(new JdbcAccountStore(ds), counters, clock, CACHE_MAX_AGE),
        redis.<SessionStore>map(r -> new RedisSessionStore(r, clock, countersInRedis)).orElseGet(() -> inProcess
            ? new CachingSessionStore(new JdbcSessionStore(ds, clock), counters, clock, CACHE_MAX_AGE)
            : new JdbcSessionStore(ds, clock)),
        throttles,
        audit,
        new SealedSecretStore(new JdbcSecretStore(ds, clock), kek),
        new CachingClientStore(new JdbcClientStore(ds, clock), counters, clock, CACHE_MAX_AGE),
        new JdbcSigningKeyStore(ds, clock),
        new JdbcRefreshFamilyStore(ds, clock),
        redis.<DenyList>map(r -> new RedisDenyList(r, clock, countersInRedis)).orElseGet(() -> inProcess
            ? new CachingDenyList(new JdbcDenyList(ds, clock), counters, clock, CACHE_MAX_AGE)
            : new JdbcDenyList(ds, clock)),
        new JdbcAuthorizationCodeStore(ds, clock),
        new JdbcConsentStore(ds, clock),
        counters,
        // request quotas (API keys) need no durability: in this process when it is the only one
        redis.isEmpty() && inProcess ? new InMemoryThrottleStore(clock) : throttles,
        config.auditRetention().map(keep -> new AuditRetention(trail, keep, clock)));
  }

  /**
   * How instances learn that an account, API key or client changed (see {@link CounterCheckedCache}): within
   * this process for the embedded database, which one process opens at a time; through Redis for
   * PostgreSQL, which many instances may share; not at all for PostgreSQL without Redis, where
   * every read goes to the database.
   */
  static ChangeCounters changeCounters(ServerConfig config, Optional<RedisConnection> redis) {
    if (config.postgresUrl().isEmpty()) {
      return ChangeCounters.inProcess();
    }
    return redis.<ChangeCounters>map(RedisChangeCounters::new).orElse(ChangeCounters.NONE);
  }

  /**
   * The stores that keep expired records behind, by what they hold: the ones the housekeeping
   * purges. A store whose backend expires records by itself (Redis) is not among them. The audit
   * trail is among them only with {@code --audit-retention}.
   */
  public Map<String, Purgeable> purgeable() {
    Map<String, Object> expiring = new LinkedHashMap<>();
    expiring.put("sessions", sessions);
    expiring.put("refresh families", refreshFamilies);
    expiring.put("deny-list entries", denyList);
    expiring.put("retired signing keys", signingKeys);
    expiring.put("authorization codes", authorizationCodes);
    Map<String, Purgeable> out = new LinkedHashMap<>();
    expiring.forEach((what, store) -> {
      if (store instanceof Purgeable p) {
        out.put(what, p);
      }
    });
    auditRetention.ifPresent(r -> out.put("audit events", r));
    return out;
  }
}
