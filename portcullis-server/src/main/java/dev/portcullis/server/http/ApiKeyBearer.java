package dev.portcullis.server.http;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.apikey.ApiKeyFormat;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.auth.Principal;
import dev.portcullis.error.AuthenticationException;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * API keys ({@code pcl_ak_…}) as bearer credentials. Every presented key goes through the core
 * {@link ApiKeyService#authenticate} (checksum before any store read, one read by id, from memory
 * only while the key's change counter has not moved: a revoked key is refused at the next request
 * on every instance). The principal carries
 * the owner's roles as stored now and the key's scopes; which routes a key may call is {@link
 * Access#API_KEY}'s business.
 */
public final class ApiKeyBearer implements BearerVerifier {
  public static final String METHOD = "api_key";

  private final ApiKeyService apiKeys;
  private final AccountStore accounts;
  private final Requests requests;

  public ApiKeyBearer(ApiKeyService apiKeys, AccountStore accounts, Requests requests) {
    this.apiKeys = apiKeys;
    this.accounts = accounts;
    this.requests = requests;
  }

  /**
   * The owner of a presented key, after counting the request against the key's quota (written as
   * RateLimit headers). Throws 401 {@code invalid_token} for a key that does not work, 429 past the quota.
   */
  @Override
  public Optional<Principal> verify(String token, Context ctx) {
    if (!ApiKeyFormat.looksLikeApiKey(token)) {
      return Optional.empty();
    }
    ApiKeyService.Authenticated a = apiKeys.authenticate(token, requests.device(ctx));
    Account owner = accounts.findById(a.apiKey().userId(), a.accountCounter())
        .orElseThrow(() -> AuthenticationException.invalidToken("API key " + a.apiKey().id() + " of a deleted account"));
    RateLimitHeaders.write(ctx, a.usage());
    return Optional.of(new Principal(owner.id(), METHOD, owner.roles(), a.apiKey().scopes(), null, null));
  }
}
