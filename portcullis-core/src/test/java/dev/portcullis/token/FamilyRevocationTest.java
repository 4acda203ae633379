package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Revoking an app's login (RFC 7009 on its refresh token, the device list, reuse detection) also
 * ends the access tokens already issued to it: its {@code sid} is deny-listed for as long as any of
 * them could pass, and every verification (bearer routes, introspection) consults that entry.
 */
class FamilyRevocationTest {
  private final TokenFixture fx = new TokenFixture();
  private final Account alice = fx.user();
  private final Client app = fx.client(ClientType.MOBILE, "read");
  private final Client resourceServer = fx.client(ClientType.RESOURCE_SERVER);

  private void assertRefused(String accessToken) {
    assertThatThrownBy(() -> fx.verifier.verify(accessToken)).isInstanceOf(AuthenticationException.class)
        .hasFieldOrPropertyWithValue("code", "invalid_token");
    Introspection.Result introspected = fx.introspection.introspect(resourceServer, accessToken);
    assertThat(introspected.active()).isFalse();
    assertThat(introspected.token()).isNull(); // answered as exactly {"active": false}
  }

  private String familyOf(TokenResponse r) {
    return fx.verifier.verify(r.accessToken()).familyId();
  }

  @Test
  void rfc7009RevocationOfTheRefreshTokenEndsTheFamilysAccessTokensAtOnce() {
    // RFC 7009 §2.1: revoking a refresh token SHOULD also invalidate the access tokens of the same grant
    TokenResponse login = fx.login(alice, app);
    TokenResponse refreshed = fx.tokens.refreshGrant(app, login.refreshToken(), null, TokenFixture.PHONE);
    TokenResponse otherLogin = fx.login(alice, app);
    fx.clock.advance(Duration.ofSeconds(5));

    fx.tokens.revoke(app, refreshed.refreshToken(), "refresh_token");

    assertRefused(login.accessToken());
    assertRefused(refreshed.accessToken());
    assertThat(fx.verifier.verify(otherLogin.accessToken()).subject()).isEqualTo(alice.id()); // only that login
  }

  @Test
  void revokingTheFamilyFromTheDeviceListEndsItsAccessTokensAtOnce() {
    TokenResponse login = fx.login(alice, app);
    fx.refreshTokens.revoke(alice.id(), familyOf(login), TokenFixture.PHONE);
    assertRefused(login.accessToken());
  }

  @Test
  void anotherUserCannotDenyAFamilyThatIsNotTheirs() {
    TokenResponse login = fx.login(alice, app);
    Account mallory = fx.user();
    assertThatThrownBy(() -> fx.refreshTokens.revoke(mallory.id(), familyOf(login), TokenFixture.PHONE))
        .isInstanceOf(dev.portcullis.error.NotFoundException.class);
    assertThat(fx.verifier.verify(login.accessToken()).subject()).isEqualTo(alice.id());
  }

  @Test
  void reuseDetectionEndsTheAccessTokensOfThePairsIssuedSoFar() {
    TokenResponse login = fx.login(alice, app);
    TokenResponse stolen = fx.tokens.refreshGrant(app, login.refreshToken(), null, TokenFixture.PHONE);
    assertThatThrownBy(() -> fx.tokens.refreshGrant(app, login.refreshToken(), null, TokenFixture.PHONE))
        .isInstanceOf(OAuthException.class);
    assertRefused(login.accessToken());
    assertRefused(stolen.accessToken()); // the thief's fresh access token too
  }

  @Test
  void theFamilyStaysDeniedUntilItsLongestPossibleAccessTokenHasLapsed() {
    TokenFixture f = new TokenFixture(p -> p.withAccessTtl(TokenPolicy.MAX_ACCESS_TTL));
    Client c = f.client(ClientType.MOBILE);
    TokenResponse login = f.login(f.user(), c);
    String family = f.verifier.verify(login.accessToken()).familyId();
    f.clock.advance(Duration.ofMinutes(3));
    Instant revokedAt = f.clock.instant();
    f.tokens.revoke(c, login.refreshToken(), null);

    // a token minted just before the revocation passes until its exp plus the verifier's leeway
    Instant lastAccepted = revokedAt.plus(TokenPolicy.MAX_ACCESS_TTL).plus(f.policy.leeway());
    f.clock.set(lastAccepted.minusMillis(1));
    assertThat(f.denyList.isDenied("any-jti", family)).isTrue();
    f.clock.set(lastAccepted);
    assertThat(f.denyList.isDenied("any-jti", family)).isFalse();
  }

  @Test
  void eachVerificationReadsTheDenyListOnceForTokenAndFamilyTogether() {
    AtomicInteger reads = new AtomicInteger();
    DenyList counting = new DenyList() {
      @Override public void deny(String jti, Instant until) { fx.denyList.deny(jti, until); }
      @Override public boolean isDenied(String jti, String familyId) {
        reads.incrementAndGet();
        return fx.denyList.isDenied(jti, familyId);
      }
    };
    AccessTokenVerifier verifier = new AccessTokenVerifier(fx.keys, fx.policy, counting, fx.versions, fx.clock);
    TokenResponse login = fx.login(alice, app);
    for (int i = 0; i < 3; i++) {
      verifier.verify(login.accessToken());
    }
    assertThat(reads).hasValue(3);
    fx.refreshTokens.revoke(alice.id(), familyOf(login), TokenFixture.PHONE);
    assertThatThrownBy(() -> verifier.verify(login.accessToken())).isInstanceOf(AuthenticationException.class);
    assertThat(reads).hasValue(4);
  }
}
