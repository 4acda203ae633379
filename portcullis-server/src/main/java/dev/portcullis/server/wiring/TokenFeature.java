package dev.portcullis.server.wiring;

import dev.portcullis.client.ClientService;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.token.AccessTokenIssuer;
import dev.portcullis.token.AccessTokenVerifier;
import dev.portcullis.token.AuthorizationCodes;
import dev.portcullis.token.Introspection;
import dev.portcullis.token.RefreshTokenService;
import dev.portcullis.token.SigningKeys;
import dev.portcullis.token.TokenPolicy;
import dev.portcullis.token.TokenService;
import dev.portcullis.token.TokenVersionCache;
import java.time.Clock;
import java.time.Duration;

/**
 * OAuth: the registered clients, the signing keys, the authorization codes, and the tokens issued,
 * verified and revoked with them.
 */
public record TokenFeature(
    TokenPolicy policy,
    ClientService clients,
    SigningKeys signingKeys,
    TokenVersionCache tokenVersions,
    AccessTokenVerifier accessTokens,
    RefreshTokenService refreshTokens,
    TokenService service,
    Introspection introspection,
    AuthorizationCodes codes) {

  /**
   * Loads the signing keys (the first instance to start generates one); throws if they are sealed
   * under another key-encryption key. Tokens end with their account's credentials.
   */
  public static TokenFeature create(ServerConfig config, Stores stores, AccountFeature accounts, byte[] kek,
      Clock clock) {
    TokenPolicy policy = config.tokenPolicy();
    SigningKeys keys = new SigningKeys(stores.signingKeys(), policy, clock, kek);
    keys.load();
    // where accounts are cached against change counters, a token version read costs nothing and is
    // exact; the 1 s per-user cache is only for PostgreSQL without Redis, where each read is a query
    TokenVersionCache versions = new TokenVersionCache(stores.accounts(), clock,
        stores.changeCounters().enabled() ? Duration.ZERO : policy.tokenVersionTtl());
    AccessTokenIssuer issuer = new AccessTokenIssuer(keys, policy, clock);
    AccessTokenVerifier verifier = new AccessTokenVerifier(keys, policy, stores.denyList(), versions, clock);
    RefreshTokenService refresh = new RefreshTokenService(stores.refreshFamilies(), stores.accounts(), issuer,
        stores.denyList(), stores.audit(), policy, clock);
    accounts.service().addRevocationListener(refresh);
    accounts.service().addRevocationListener(versions);
    AuthorizationCodes codes = new AuthorizationCodes(stores.authorizationCodes(), refresh, stores.accounts(),
        stores.audit(), clock);
    return new TokenFeature(policy, new ClientService(stores.clients(), clock), keys, versions, verifier, refresh,
        new TokenService(refresh, issuer, verifier, stores.denyList(), policy, clock, codes),
        new Introspection(verifier, policy), codes);
  }
}
