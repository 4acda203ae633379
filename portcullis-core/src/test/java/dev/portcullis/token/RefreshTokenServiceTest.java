package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RefreshTokenServiceTest {
  private final TokenFixture fx = new TokenFixture();
  private final Account alice = fx.user();
  private final Client app = fx.client(ClientType.MOBILE, "read", "write");

  private TokenResponse refresh(TokenFixture f, Client c, String token) {
    return f.tokens.refreshGrant(c, token, null, TokenFixture.PHONE);
  }

  private static void assertOAuth(String error, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(OAuthException.class).extracting(e -> ((OAuthException) e).code())
        .isEqualTo(error);
  }

  @Test
  void loginIssuesAnOpaque256BitRefreshTokenStoredOnlyAsAHash() {
    TokenResponse first = fx.login(alice, app);
    assertThat(first.refreshToken()).hasSize(43).doesNotContain(".");
    RefreshFamily family = fx.refreshTokens.list(alice.id()).get(0);
    assertThat(family.id()).startsWith("f_");
    assertThat(family.currentHash()).isNotEqualTo(first.refreshToken());
    assertThat(family.toString()).doesNotContain(first.refreshToken());
    assertThat(fx.verifier.verify(first.accessToken()).familyId()).isEqualTo(family.id());
  }

  @Test
  void refreshRotatesSoTheOldTokenIsDeadAndTheNewOneWorks() {
    TokenResponse first = fx.login(alice, app);
    TokenResponse second = refresh(fx, app, first.refreshToken());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(fx.verifier.verify(second.accessToken()).subject()).isEqualTo(alice.id());
    TokenResponse third = refresh(fx, app, second.refreshToken());
    assertThat(third.refreshToken()).isNotEqualTo(second.refreshToken());
  }

  @Test
  void reusingARotatedTokenRevokesTheFamilyAuditsAndCounts() {
    TokenResponse first = fx.login(alice, app);
    TokenResponse second = refresh(fx, app, first.refreshToken());
    fx.clock.advance(Duration.ofSeconds(42));

    assertOAuth("invalid_grant", () -> refresh(fx, app, first.refreshToken()));
    assertThat(fx.refreshTokens.list(alice.id())).isEmpty();
    assertOAuth("invalid_grant", () -> refresh(fx, app, second.refreshToken()));
    assertThat(fx.refreshTokens.reuseDetectedCount()).isEqualTo(1);
    List<AuditEvent> events = fx.audit.find(alice.id(), AuditEvent.REFRESH_TOKEN_REUSE_DETECTED, 10);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).detail()).contains("42 s").doesNotContain(first.refreshToken());
    assertThat(events.get(0).ip()).isEqualTo("203.0.113.7");
  }

  @Test
  void withinTheGraceWindowTheJustRotatedTokenReturnsTheSameSuccessorPair() {
    TokenFixture f = new TokenFixture(p -> p.withRefresh(p.refreshIdle(), p.refreshAbsolute(), Duration.ofSeconds(10)));
    Account a = f.user();
    Client c = f.client(ClientType.MOBILE);
    TokenResponse first = f.login(a, c);
    TokenResponse second = refresh(f, c, first.refreshToken());
    f.clock.advance(Duration.ofSeconds(9));
    TokenResponse again = refresh(f, c, first.refreshToken());
    assertThat(again.refreshToken()).isEqualTo(second.refreshToken());
    assertThat(again.accessToken()).isEqualTo(second.accessToken());
    assertThat(again.expiresIn()).isEqualTo(second.expiresIn() - 9);
    assertThat(f.refreshTokens.reuseDetectedCount()).isZero();
    // the successor is stored sealed, never in clear
    RefreshFamily family = f.refreshTokens.list(a.id()).get(0);
    assertThat(family.graceCiphertext()).doesNotContain(second.refreshToken());
    assertThat(refresh(f, c, second.refreshToken()).refreshToken()).isNotEqualTo(second.refreshToken());
  }

  @Test
  void afterTheGraceWindowTheJustRotatedTokenIsReuse() {
    TokenFixture f = new TokenFixture(p -> p.withRefresh(p.refreshIdle(), p.refreshAbsolute(), Duration.ofSeconds(10)));
    Account a = f.user();
    Client c = f.client(ClientType.MOBILE);
    TokenResponse first = f.login(a, c);
    refresh(f, c, first.refreshToken());
    f.clock.advance(Duration.ofSeconds(10));
    assertOAuth("invalid_grant", () -> refresh(f, c, first.refreshToken()));
    assertThat(f.refreshTokens.list(a.id())).isEmpty();
    assertThat(f.refreshTokens.reuseDetectedCount()).isEqualTo(1);
  }

  @Test
  void graceNeverReachesBackMoreThanOneRotation() {
    TokenFixture f = new TokenFixture(p -> p.withRefresh(p.refreshIdle(), p.refreshAbsolute(), Duration.ofSeconds(10)));
    Account a = f.user();
    Client c = f.client(ClientType.MOBILE);
    TokenResponse first = f.login(a, c);
    TokenResponse second = refresh(f, c, first.refreshToken());
    refresh(f, c, second.refreshToken());
    assertOAuth("invalid_grant", () -> refresh(f, c, first.refreshToken()));
    assertThat(f.refreshTokens.list(a.id())).isEmpty();
  }

  // racing refreshes of one token: RefreshTokenRaceTest in portcullis-testkit (it races with the testkit's Race)

  @Test
  void familyExpiresWhenIdleAndUseSlidesTheIdleDeadline() {
    TokenResponse first = fx.login(alice, app);
    fx.clock.advance(Duration.ofDays(13));
    TokenResponse second = refresh(fx, app, first.refreshToken());
    fx.clock.advance(Duration.ofDays(13));
    TokenResponse third = refresh(fx, app, second.refreshToken());
    fx.clock.advance(Duration.ofDays(14));
    assertOAuth("invalid_grant", () -> refresh(fx, app, third.refreshToken()));
    assertThat(fx.refreshTokens.reuseDetectedCount()).isZero();
  }

  @Test
  void familyDiesAtItsAbsoluteLifetimeHoweverOftenItIsUsed() {
    TokenResponse r = fx.login(alice, app);
    for (int day = 0; day < 29; day++) {
      fx.clock.advance(Duration.ofDays(1));
      r = refresh(fx, app, r.refreshToken());
    }
    fx.clock.advance(Duration.ofDays(1));
    String last = r.refreshToken();
    assertOAuth("invalid_grant", () -> refresh(fx, app, last));
  }

  @Test
  void scopeCanNarrowOnRefreshButNeverWidenAgain() {
    TokenResponse first = fx.login(alice, app);
    assertThat(first.scope()).isEqualTo("read write");
    TokenResponse narrow = fx.tokens.refreshGrant(app, first.refreshToken(), "read", TokenFixture.PHONE);
    assertThat(narrow.scope()).isEqualTo("read");
    assertThat(fx.verifier.verify(narrow.accessToken()).scopes()).containsExactly("read");
    assertOAuth("invalid_scope",
        () -> fx.tokens.refreshGrant(app, narrow.refreshToken(), "read write", TokenFixture.PHONE));
    assertThat(refresh(fx, app, narrow.refreshToken()).scope()).isEqualTo("read");
  }

  @Test
  void anotherClientCannotUseTheRefreshToken() {
    TokenResponse first = fx.login(alice, app);
    Client other = fx.client(ClientType.MOBILE, "read", "write");
    assertOAuth("invalid_grant", () -> refresh(fx, other, first.refreshToken()));
    assertThat(refresh(fx, app, first.refreshToken())).isNotNull();
  }

  @Test
  void unknownMalformedOrMissingTokensAreInvalidGrantOrInvalidRequest() {
    assertOAuth("invalid_grant", () -> refresh(fx, app, "not-a-token"));
    assertOAuth("invalid_grant", () -> refresh(fx, app, "x".repeat(5000)));
    assertOAuth("invalid_request", () -> refresh(fx, app, null));
  }

  @Test
  void familiesAreListedPerUserAndRevocableOnlyByTheirOwner() {
    fx.login(alice, app);
    TokenResponse second = fx.login(alice, app);
    Account bob = fx.user();
    fx.login(bob, app);
    List<RefreshFamily> mine = fx.refreshTokens.list(alice.id());
    assertThat(mine).hasSize(2).allMatch(f -> f.userAgent().equals("Phone/1.0") && f.clientId().equals(app.id()));
    String target = fx.verifier.verify(second.accessToken()).familyId();

    assertThatThrownBy(() -> fx.refreshTokens.revoke(bob.id(), target, TokenFixture.PHONE))
        .isInstanceOf(NotFoundException.class);
    fx.refreshTokens.revoke(alice.id(), target, TokenFixture.PHONE);
    assertThat(fx.refreshTokens.list(alice.id())).hasSize(1).noneMatch(f -> f.id().equals(target));
    assertOAuth("invalid_grant", () -> refresh(fx, app, second.refreshToken()));
  }

  @Test
  void revokeAllForKillsEveryFamilyOfTheUserOnly() {
    TokenResponse a = fx.login(alice, app);
    Account bob = fx.user();
    TokenResponse b = fx.login(bob, app);
    assertThat(fx.refreshTokens.revokeAllFor(alice.id())).isEqualTo(1);
    assertOAuth("invalid_grant", () -> refresh(fx, app, a.refreshToken()));
    assertThat(refresh(fx, app, b.refreshToken())).isNotNull();
  }

  @Test
  void refreshOfADeletedAccountFails() {
    TokenResponse first = fx.login(alice, app);
    fx.accounts.delete(alice.id());
    assertOAuth("invalid_grant", () -> refresh(fx, app, first.refreshToken()));
  }

  @Test
  void aFamilyStartedByALoginInFlightAcrossATokenVersionBumpIsRevokedAtItsFirstRefreshAndAudited() {
    Account checked = alice; // what the password check returned, at token version 0
    fx.accounts.bumpTokenVersion(alice.id()); // password change or forced logout...
    fx.refreshTokens.revokeAllFor(alice.id()); // ...and its bulk revocation, before the login stores its family
    fx.clock.advance(Duration.ofMillis(50));
    TokenResponse late = fx.login(checked, app);

    assertThat(fx.families.listByUser(alice.id())).singleElement().extracting(RefreshFamily::tokenVersion).isEqualTo(0L);
    assertThat(fx.refreshTokens.list(alice.id())).isEmpty(); // dead already, so not shown as a device
    assertOAuth("invalid_grant", () -> refresh(fx, app, late.refreshToken()));
    assertThat(fx.refreshTokens.list(alice.id())).isEmpty();
    assertThat(fx.audit.find(alice.id(), AuditEvent.SESSION_REVOKED, 10)).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("token version 0").contains("at 1"));
    // its access token carries the stale version too, so it fails as soon as the version is re-read
    fx.versions.invalidate(alice.id());
    assertThatThrownBy(() -> fx.verifier.verify(late.accessToken()));
  }

  @Test
  void aRefreshAfterABumpFailsInsteadOfMintingATokenOfTheNewVersion() {
    TokenResponse first = fx.login(alice, app);
    // the bump lands before the refresh reads the account (the family is not revoked yet)
    fx.accounts.bumpTokenVersion(alice.id());
    assertOAuth("invalid_grant", () -> refresh(fx, app, first.refreshToken()));
    // a family stamped at the current version refreshes into tokens of exactly that version
    Account now = fx.accounts.findById(alice.id()).orElseThrow();
    TokenResponse again = refresh(fx, app, fx.login(now, app).refreshToken());
    assertThat(fx.verifier.verify(again.accessToken()).tokenVersion()).isEqualTo(1L);
  }
}
