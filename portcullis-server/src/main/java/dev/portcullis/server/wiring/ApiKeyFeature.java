package dev.portcullis.server.wiring;

import dev.portcullis.apikey.ApiKeyPolicy;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.apikey.CachingApiKeyStore;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.store.jdbc.JdbcApiKeyStore;
import java.time.Clock;

/**
 * API keys: their rows in the SQL store (H2 or PostgreSQL), kept in memory and checked against
 * their change counter on every use ({@link CachingApiKeyStore}); their per-key quota in the shared
 * throttle store (Redis when configured), so that every instance counts one key's requests
 * together, or in this process's memory on the embedded database, the only instance.
 */
public record ApiKeyFeature(ApiKeyService service) {
  public static ApiKeyFeature create(ServerConfig config, Stores stores, Clock clock) {
    return new ApiKeyFeature(new ApiKeyService(new CachingApiKeyStore(
        new JdbcApiKeyStore(stores.database().dataSource()), stores.changeCounters(), clock, Stores.CACHE_MAX_AGE),
        stores.quotas(), stores.audit(), clock, ApiKeyPolicy.DEFAULT.withRateLimit(config.apiKeyRate())));
  }
}
