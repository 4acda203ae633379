package dev.portcullis.server.wiring;

import dev.portcullis.apikey.ApiKeyPolicy;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.store.jdbc.JdbcApiKeyStore;
import java.time.Clock;

/**
 * API keys: their rows in the SQL store (H2 or PostgreSQL), their per-key quota in the shared
 * throttle store (Redis when configured), so that every instance counts one key's requests together.
 */
public record ApiKeyFeature(ApiKeyService service) {
  public static ApiKeyFeature create(ServerConfig config, Stores stores, Clock clock) {
    return new ApiKeyFeature(new ApiKeyService(new JdbcApiKeyStore(stores.database().dataSource()),
        stores.throttles(), stores.audit(), clock, ApiKeyPolicy.DEFAULT.withRateLimit(config.apiKeyRate())));
  }
}
