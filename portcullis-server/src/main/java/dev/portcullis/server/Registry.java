package dev.portcullis.server;

import dev.portcullis.account.Argon2idEngines;
import dev.portcullis.audit.CountingAuditLog;
import dev.portcullis.check.ForwardAuth;
import dev.portcullis.server.wiring.AccountFeature;
import dev.portcullis.server.wiring.ApiKeyFeature;
import dev.portcullis.server.wiring.Housekeeping;
import dev.portcullis.server.wiring.LoginFeature;
import dev.portcullis.server.wiring.Opened;
import dev.portcullis.server.wiring.SessionFeature;
import dev.portcullis.server.wiring.Stores;
import dev.portcullis.server.wiring.TokenFeature;
import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object graph of a server, built from a {@link ServerConfig} by {@link #open} (no DI
 * framework): the stores, then one record per feature, each made by its own factory from the
 * configuration and the features it needs. Whatever start-up opens is registered in one {@link
 * Opened}, so a step that fails closes everything opened before it; closing the registry closes it all.
 */
public final class Registry implements AutoCloseable {
  private final ServerConfig config;
  private final Clock clock;
  private final Metrics metrics;
  private final Stores stores;
  private final AccountFeature accounts;
  private final SessionFeature sessions;
  private final TokenFeature tokens;
  private final LoginFeature logins;
  private final ApiKeyFeature apiKeys;
  private final ForwardAuth forwardAuth;
  private final Opened opened;

  private Registry(ServerConfig config, Clock clock, Metrics metrics, Stores stores, AccountFeature accounts,
      SessionFeature sessions, TokenFeature tokens, LoginFeature logins, ApiKeyFeature apiKeys, ForwardAuth forwardAuth, Opened opened) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.stores = stores;
    this.accounts = accounts;
    this.sessions = sessions;
    this.tokens = tokens;
    this.logins = logins;
    this.apiKeys = apiKeys;
    this.forwardAuth = forwardAuth;
    this.opened = opened;
  }

  /**
   * Opens the stores and builds every feature. If any step throws (a key that does not decrypt, a
   * Redis URL Lettuce refuses, a database that cannot be migrated), what was opened is closed first.
   */
  public static Registry open(ServerConfig config, Clock clock) {
    return open(config, clock, new Opened());
  }

  /** As {@link #open(ServerConfig, Clock)}, registering what it opens in {@code opened} (tests look there). */
  static Registry open(ServerConfig config, Clock clock, Opened opened) {
    byte[] kek = KeysAtRest.keyEncryptionKey(config); // may refuse: before anything is opened
    try {
      Stores stores = Stores.open(config, kek, clock, opened);
      AccountFeature accounts = AccountFeature.create(config, stores, clock, opened);
      SessionFeature sessions = SessionFeature.create(config, stores, accounts, clock);
      TokenFeature tokens = TokenFeature.create(config, stores, accounts, kek, clock);
      LoginFeature logins = LoginFeature.create(accounts, sessions, tokens, clock);
      ApiKeyFeature apiKeys = ApiKeyFeature.create(config, stores, clock);
      // one context watch for browser sessions (every face) and app refresh families
      tokens.refreshTokens().watchContext(sessions.contextWatch());
      // forward auth (GET /v1/check) judges every kind of credential through the services above
      ForwardAuth forwardAuth = new ForwardAuth(sessions.service(), tokens.accessTokens(), apiKeys.service(),
          stores.accounts(), sessions.origins(), stores.audit(), sessions.contextWatch(), clock, config.forwardAuth());
      Metrics metrics = opened.add(new Metrics());
      metrics.bindRefreshReuse(tokens.refreshTokens()::reuseDetectedCount);
      metrics.bindHashingPool(accounts.hashingPool(), Argon2idEngines.preferred().name());
      if (stores.audit() instanceof CountingAuditLog counting) {
        metrics.bindAudit(counting);
      }
      stores.database().observe(metrics);
      metrics.declareStore("jdbc");
      stores.redis().ifPresent(r -> metrics.declareStore("redis"));
      stores.database().exportPoolMetrics(metrics.registry());
      stores.redis().ifPresent(r -> r.observe(metrics));
      Map<String, Purgeable> purgeable = new LinkedHashMap<>(stores.purgeable());
      purgeable.put("ended API keys", apiKeys.service()::purgeEnded);
      opened.add(Housekeeping.start(purgeable));
      return new Registry(config, clock, metrics, stores, accounts, sessions, tokens, logins, apiKeys, forwardAuth, opened);
    } catch (RuntimeException | Error e) {
      opened.close();
      throw e;
    }
  }

  public ServerConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Stores stores() {
    return stores;
  }

  public AccountFeature accounts() {
    return accounts;
  }

  public SessionFeature sessions() {
    return sessions;
  }

  public TokenFeature tokens() {
    return tokens;
  }

  public LoginFeature logins() {
    return logins;
  }

  public ApiKeyFeature apiKeys() {
    return apiKeys;
  }

  public ForwardAuth forwardAuth() {
    return forwardAuth;
  }

  @Override
  public void close() {
    opened.close();
  }
}
