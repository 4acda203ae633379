package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  private final TokenFixture fx = new TokenFixture();
  private final Account alice = fx.user();
  private final Client mobile = fx.client(ClientType.MOBILE, "read", "write");
  private final Client service = fx.client(ClientType.SERVICE, "jobs:run", "jobs:read");
  private final Client browser = fx.client(ClientType.BROWSER);
  private final Client resourceServer = fx.client(ClientType.RESOURCE_SERVER);

  private static void assertOAuth(String error, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(OAuthException.class).extracting(e -> ((OAuthException) e).code())
        .isEqualTo(error);
  }

  @Test
  void passwordGrantIsForMobileClientsOnlyAndChecksTheTypeBeforeThePassword() {
    AtomicInteger checks = new AtomicInteger();
    for (Client c : new Client[] {service, browser, resourceServer}) {
      assertOAuth("unauthorized_client", () -> fx.tokens.passwordGrant(c, () -> {
        checks.incrementAndGet();
        return alice;
      }, null, TokenFixture.PHONE));
    }
    assertThat(checks).hasValue(0);
    TokenResponse r = fx.tokens.passwordGrant(mobile, () -> alice, null, TokenFixture.PHONE);
    assertThat(r.refreshTokenIfIssued()).isPresent();
    assertThat(r.tokenType()).isEqualTo("Bearer");
    assertThat(r.expiresIn()).isEqualTo(600);
  }

  @Test
  void wrongPasswordBecomesInvalidGrant() {
    assertOAuth("invalid_grant", () -> fx.tokens.passwordGrant(mobile, () -> {
      throw AuthenticationException.invalidCredentials();
    }, null, TokenFixture.PHONE));
  }

  @Test
  void passwordGrantScopeMustLieWithinTheClientsScopes() {
    assertThat(fx.tokens.passwordGrant(mobile, alice, "read", TokenFixture.PHONE).scope()).isEqualTo("read");
    assertOAuth("invalid_scope", () -> fx.tokens.passwordGrant(mobile, alice, "admin", TokenFixture.PHONE));
  }

  @Test
  void refreshGrantIsForCodeFlowClientsOnlyAndEachForItsOwnTokens() {
    String rt = fx.login(alice, mobile).refreshToken();
    for (Client c : new Client[] {service, resourceServer}) {
      assertOAuth("unauthorized_client", () -> fx.tokens.refreshGrant(c, rt, null, TokenFixture.PHONE));
    }
    // a browser-based app may refresh (RFC 10017), but never another client's token (RFC 6749 §6)
    assertOAuth("invalid_grant", () -> fx.tokens.refreshGrant(browser, rt, null, TokenFixture.PHONE));
  }

  @Test
  void clientCredentialsIsForServicesOnlyAndIssuesNoRefreshToken() {
    for (Client c : new Client[] {mobile, browser, resourceServer}) {
      assertOAuth("unauthorized_client", () -> fx.tokens.clientCredentialsGrant(c, null));
    }
    TokenResponse r = fx.tokens.clientCredentialsGrant(service, "jobs:run");
    assertThat(r.refreshTokenIfIssued()).isEmpty();
    assertThat(r.refreshToken()).isNull(); // the server omits refresh_token then (TokenAnswerTest)
    VerifiedAccessToken v = fx.verifier.verify(r.accessToken());
    assertThat(v.subject()).isEqualTo(service.id());
    assertThat(v.scopes()).containsExactly("jobs:run");
    assertThat(v.familyId()).isNull();
  }

  @Test
  void clientCredentialsScopeMustBeASubsetOfTheClientsScopes() {
    assertThat(fx.tokens.clientCredentialsGrant(service, null).scope()).isEqualTo("jobs:read jobs:run");
    assertOAuth("invalid_scope", () -> fx.tokens.clientCredentialsGrant(service, "jobs:run admin"));
    assertOAuth("invalid_scope", () -> fx.tokens.clientCredentialsGrant(service, "bad\"scope"));
  }

  @Test
  void clientAudienceBecomesTheTokenAudience() {
    Client api = fx.clients.register(ClientType.SERVICE, "api", "https://api.example", Set.of()).client();
    String token = fx.tokens.clientCredentialsGrant(api, null).accessToken();
    assertThat(fx.verifier.verify(token, Set.of("https://api.example")).audience()).containsExactly("https://api.example");
    assertThatThrownBy(() -> fx.verifier.verify(token)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void grantDispatchRejectsUnknownGrantTypes() {
    assertOAuth("invalid_request", () -> fx.tokens.grant("authorization_code", mobile, null, null, null, TokenFixture.PHONE));
    assertOAuth("unsupported_grant_type", () -> fx.tokens.grant("implicit", mobile, null, null, null, TokenFixture.PHONE));
    assertOAuth("unsupported_grant_type", () -> fx.tokens.grant("introspection", mobile, null, null, null, TokenFixture.PHONE));
    assertOAuth("invalid_request", () -> fx.tokens.grant(null, mobile, null, null, null, TokenFixture.PHONE));
    assertThat(fx.tokens.grant("client_credentials", service, null, null, null, TokenFixture.PHONE)).isNotNull();
  }

  @Test
  void revokingARefreshTokenKillsTheWholeFamily() {
    TokenResponse first = fx.login(alice, mobile);
    TokenResponse second = fx.tokens.refreshGrant(mobile, first.refreshToken(), null, TokenFixture.PHONE);
    fx.tokens.revoke(mobile, second.refreshToken(), "refresh_token");
    assertThat(fx.refreshTokens.list(alice.id())).isEmpty();
    assertOAuth("invalid_grant", () -> fx.tokens.refreshGrant(mobile, second.refreshToken(), null, TokenFixture.PHONE));
  }

  @Test
  void revokingAnAccessTokenDenyListsItUntilItWouldHaveExpired() {
    TokenResponse r = fx.login(alice, mobile);
    fx.tokens.revoke(mobile, r.accessToken(), null);
    assertThatThrownBy(() -> fx.verifier.verify(r.accessToken())).isInstanceOf(AuthenticationException.class);
    VerifiedAccessToken other = fx.verifier.verify(fx.login(alice, mobile).accessToken());
    assertThat(other).isNotNull();
    fx.clock.advance(Duration.ofMinutes(10).plusSeconds(30));
    assertThat(fx.denyList.purgeExpired()).isEqualTo(1);
  }

  @Test
  void revokingUnknownTokensIsQuietlyFineAndAnotherClientsTokenIsRefused() {
    fx.tokens.revoke(mobile, "whatever", null);
    fx.tokens.revoke(mobile, "a.b.c", "access_token");
    TokenResponse r = fx.login(alice, mobile);
    Client otherApp = fx.client(ClientType.MOBILE);
    assertOAuth("unauthorized_client", () -> fx.tokens.revoke(otherApp, r.refreshToken(), null));
    assertOAuth("unauthorized_client", () -> fx.tokens.revoke(otherApp, r.accessToken(), null));
    assertOAuth("invalid_request", () -> fx.tokens.revoke(mobile, "", null));
  }

  @Test
  void introspectionIsForResourceServersAndUsesTheSameVerifier() {
    TokenResponse r = fx.login(alice, mobile);
    assertOAuth("unauthorized_client", () -> fx.introspection.introspect(service, r.accessToken()));
    Introspection.Result active = fx.introspection.introspect(resourceServer, r.accessToken());
    assertThat(active.active()).isTrue();
    VerifiedAccessToken claims = active.token();
    assertThat(claims.subject()).isEqualTo(alice.id());
    assertThat(claims.clientId()).isEqualTo(mobile.id());
    assertThat(claims.scopes()).containsExactlyInAnyOrder("read", "write");
    assertThat(List.of(claims.expiresAt(), claims.issuedAt(), claims.jti(), claims.familyId())).doesNotContainNull();

    fx.tokens.revoke(mobile, r.accessToken(), "access_token");
    assertThat(fx.introspection.introspect(resourceServer, r.accessToken()).token()).isNull(); // only "active": false
    assertThat(fx.introspection.introspect(resourceServer, "garbage").active()).isFalse();
    assertThat(fx.introspection.introspect(resourceServer, r.refreshToken()).active()).isFalse();
  }

  @Test
  void forcedLogoutMakesIntrospectionInactiveWithinASecond() {
    TokenResponse r = fx.login(alice, mobile);
    assertThat(fx.introspection.introspect(resourceServer, r.accessToken()).active()).isTrue();
    fx.accounts.bumpTokenVersion(alice.id());
    fx.clock.advance(Duration.ofSeconds(1));
    assertThat(fx.introspection.introspect(resourceServer, r.accessToken()).active()).isFalse();
  }

  @Test
  void introspectionByAnAudienceBoundResourceServerSeesOnlyItsTokens() {
    Client rs = fx.clients.register(ClientType.RESOURCE_SERVER, "rs", "https://api.example", Set.of()).client();
    TokenResponse r = fx.login(alice, mobile);
    assertThat(fx.introspection.introspect(rs, r.accessToken()).active()).isFalse();
  }

  /** RFC 7662 section 2.1: the caller authenticates; a public client's bare client_id does not. */
  @Test
  void introspectionByAPublicClientIsInvalidClientNotUnauthorizedClient() {
    TokenResponse r = fx.login(alice, mobile);
    for (Client publicClient : new Client[] {mobile, browser}) {
      assertOAuth("invalid_client", () -> fx.introspection.introspect(publicClient, r.accessToken()));
      assertOAuth("invalid_client", () -> fx.introspection.introspect(publicClient, null));
    }
  }

  /**
   * RFC 6749 section 3.3: a grant without scope has none, in the response and at introspection (the
   * server then omits the member instead of sending "": TokenAnswerTest, IntrospectionAnswerTest).
   */
  @Test
  void aGrantWithoutScopeHasNoScopeInTheResponseOrAtIntrospection() {
    Client bare = fx.client(ClientType.MOBILE);
    TokenResponse r = fx.login(alice, bare);
    assertThat(r.scope()).isEmpty();
    assertThat(List.of(r.accessToken(), r.refreshToken())).doesNotContainNull();
    Introspection.Result introspected = fx.introspection.introspect(resourceServer, r.accessToken());
    assertThat(introspected.active()).isTrue();
    assertThat(introspected.token().scopes()).isEmpty();
    Client bareService = fx.client(ClientType.SERVICE);
    assertThat(fx.tokens.clientCredentialsGrant(bareService, null).scope()).isEmpty();
    assertThat(fx.login(alice, mobile).scope()).isEqualTo("read write");
  }

  /** API.md: user access tokens carry the granted scope, narrowed on refresh. */
  @Test
  void userAccessTokensCarryTheGrantedScope() {
    TokenResponse r = fx.tokens.passwordGrant(mobile, alice, "read", TokenFixture.PHONE);
    assertThat(fx.verifier.verify(r.accessToken()).scopes()).containsExactly("read");
    TokenResponse all = fx.login(alice, mobile);
    assertThat(fx.verifier.verify(all.accessToken()).scopes()).containsExactlyInAnyOrder("read", "write");
    TokenResponse narrowed = fx.tokens.refreshGrant(mobile, all.refreshToken(), "write", TokenFixture.PHONE);
    assertThat(fx.verifier.verify(narrowed.accessToken()).scopes()).containsExactly("write");
    assertThat(narrowed.scope()).isEqualTo("write");
  }

  @Test
  void tokenResponseNeverPrintsItsTokens() {
    TokenResponse r = fx.login(alice, mobile);
    assertThat(r.toString()).doesNotContain(r.accessToken()).doesNotContain(r.refreshToken());
  }
}
