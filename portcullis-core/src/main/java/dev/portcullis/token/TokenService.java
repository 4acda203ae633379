package dev.portcullis.token;

import dev.portcullis.account.Account;
import dev.portcullis.auth.Device;
import dev.portcullis.client.Client;
import dev.portcullis.client.GrantType;
import dev.portcullis.client.Scopes;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import dev.portcullis.token.AccessTokenIssuer.AccessToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The token endpoint's grants and RFC 7009 revocation. The client is already authenticated (see
 * {@link dev.portcullis.client.ClientService#authenticate}); this class checks that its type may use
 * the grant before doing anything else, so a wrong client never gets a password checked.
 */
public final class TokenService {
  private final RefreshTokenService refreshTokens;
  private final AccessTokenIssuer issuer;
  private final AccessTokenVerifier verifier;
  private final DenyList denyList;
  private final TokenPolicy policy;
  private final Clock clock;
  private final AuthorizationCodes codes;

  /** The authorization_code grant's parameters (RFC 6749 §4.1.3, RFC 7636 §4.5); any may be null. */
  public record CodeExchange(String code, String redirectUri, String codeVerifier) {
    @Override
    public String toString() {
      return "CodeExchange[redirectUri=" + redirectUri + "]";
    }
  }

  public TokenService(RefreshTokenService refreshTokens, AccessTokenIssuer issuer,
      AccessTokenVerifier verifier, DenyList denyList, TokenPolicy policy, Clock clock, AuthorizationCodes codes) {
    this.codes = codes;
    this.refreshTokens = refreshTokens;
    this.issuer = issuer;
    this.verifier = verifier;
    this.denyList = denyList;
    this.policy = policy;
    this.clock = clock;
  }

  /** {@link #grant(String, Client, Supplier, String, CodeExchange, String, Device)} without a code. */
  public TokenResponse grant(String grantType, Client client, Supplier<Account> passwordCheck,
      String refreshToken, String scope, Device device) {
    return grant(grantType, client, passwordCheck, refreshToken, new CodeExchange(null, null, null), scope, device);
  }

  /** Dispatches on the {@code grant_type} form value; the password grant needs the authenticator. */
  public TokenResponse grant(String grantType, Client client, Supplier<Account> passwordCheck,
      String refreshToken, CodeExchange code, String scope, Device device) {
    return switch (GrantType.fromGrantParameter(grantType)) {
      // the scope was fixed at the authorization endpoint; RFC 6749 §4.1.3 has no scope here
      case AUTHORIZATION_CODE -> codes.redeem(client, code.code(), code.redirectUri(), code.codeVerifier(), device);
      case PASSWORD -> passwordGrant(client, passwordCheck, scope, device);
      case REFRESH_TOKEN -> refreshGrant(client, refreshToken, scope, device);
      case CLIENT_CREDENTIALS -> clientCredentialsGrant(client, scope);
      case INTROSPECTION -> throw OAuthException.unsupportedGrantType("introspection is not a grant");
    };
  }

  /**
   * The password grant with the password check deferred until the client type has been checked;
   * a wrong password (from {@code AccountService.authenticate}) becomes {@code invalid_grant}.
   */
  public TokenResponse passwordGrant(Client client, Supplier<Account> passwordCheck, String scope, Device device) {
    client.require(GrantType.PASSWORD);
    Set<String> scopes = Scopes.narrow(scope, client.scopes());
    Account account;
    try {
      account = passwordCheck.get();
    } catch (AuthenticationException e) {
      throw OAuthException.invalidGrant("The username or password is incorrect.", e.logDetail());
    }
    return refreshTokens.start(account, client, scopes, device);
  }

  /** The password grant for an account the caller has already authenticated. */
  public TokenResponse passwordGrant(Client client, Account account, String scope, Device device) {
    return passwordGrant(client, () -> account, scope, device);
  }

  public TokenResponse refreshGrant(Client client, String refreshToken, String scope, Device device) {
    if (refreshToken == null || refreshToken.isEmpty()) {
      client.require(GrantType.REFRESH_TOKEN);
      throw OAuthException.invalidRequest("refresh_token is required.");
    }
    return refreshTokens.refresh(client, refreshToken, scope, device);
  }

  /** Service clients only; an access token and no refresh token (the client can simply ask again). */
  public TokenResponse clientCredentialsGrant(Client client, String scope) {
    client.require(GrantType.CLIENT_CREDENTIALS);
    Set<String> scopes = Scopes.narrow(scope, client.scopes());
    AccessToken at = issuer.issueForClient(client, scopes);
    long expiresIn = Math.max(0, Duration.between(clock.instant(), at.expiresAt()).toSeconds());
    return TokenResponse.bearer(at.token(), expiresIn, null, Scopes.format(scopes));
  }

  /**
   * RFC 7009: a refresh token takes its whole family with it; an access token is deny-listed until
   * it would have expired. Unknown, expired or malformed tokens are silently fine (the endpoint
   * answers 200 either way); a token of another client is {@code unauthorized_client}.
   */
  public void revoke(Client client, String token, String tokenTypeHint) {
    if (token == null || token.isEmpty()) {
      throw OAuthException.invalidRequest("token is required.");
    }
    boolean accessFirst = "access_token".equals(tokenTypeHint);
    if (!accessFirst && refreshTokens.revokeByToken(client, token)) {
      return;
    }
    Optional<VerifiedAccessToken> at = verifier.verifySignatureOnly(token);
    if (at.isPresent()) {
      if (!at.get().clientId().equals(client.id())) {
        throw OAuthException.unauthorizedClient(
            "client " + client.id() + " tried to revoke an access token of " + at.get().clientId());
      }
      // the verifier honours exp up to the leeway, so the entry must outlive it by as much
      denyList.deny(at.get().jti(), at.get().expiresAt().plus(policy.leeway()));
      return;
    }
    if (accessFirst) {
      refreshTokens.revokeByToken(client, token);
    }
  }
}
