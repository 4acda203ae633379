package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The authorization_code grant (RFC 6749 §4.1.3) with PKCE S256 (RFC 7636 §4.6), single use and replay. */
class AuthorizationCodesTest {
  private static final String VERIFIER = Tokens.random(48);
  private final TokenFixture fx = new TokenFixture();
  private final Account alice = fx.user();
  private final Client app = fx.client(ClientType.MOBILE, "read");
  private final Client other = fx.client(ClientType.MOBILE, "read");

  private String code(Client client) {
    return fx.codes.issue(new AuthorizationRequest(client, TokenFixture.REDIRECT, "st", AuthorizationCodes.s256(VERIFIER),
        Set.of("read")), alice);
  }

  private TokenResponse redeem(Client client, String code) {
    return fx.codes.redeem(client, code, TokenFixture.REDIRECT, VERIFIER, TokenFixture.PHONE);
  }

  private static void assertOAuth(String error, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(OAuthException.class).extracting(e -> ((OAuthException) e).code())
        .isEqualTo(error);
  }

  @Test
  void aCodeWithItsVerifierYieldsTheUsualPairAndOnlyItsHashIsStored() {
    String code = code(app);
    assertThat(fx.codeStore.findByHash(code)).as("not stored in clear").isEmpty();
    TokenResponse pair = redeem(app, code);
    VerifiedAccessToken at = fx.verifier.verify(pair.accessToken());
    assertThat(at.subject()).isEqualTo(alice.id());
    assertThat(at.clientId()).isEqualTo(app.id());
    assertThat(at.scopes()).containsExactly("read");
    assertThat(fx.tokens.refreshGrant(app, pair.refreshToken(), null, TokenFixture.PHONE).accessToken()).isNotBlank();
  }

  /** RFC 7636 §4.6: the verifier must hash to the challenge; RFC 7636 §4.1 its shape. */
  @Test
  void aWrongOrMissingVerifierIsRefusedAndTheCodeSurvivesForItsOwner() {
    String code = code(app);
    assertOAuth("invalid_grant", () -> fx.codes.redeem(app, code, TokenFixture.REDIRECT, Tokens.random(48), TokenFixture.PHONE));
    assertOAuth("invalid_grant", () -> fx.codes.redeem(app, code, TokenFixture.REDIRECT, "short", TokenFixture.PHONE));
    assertOAuth("invalid_grant", () -> fx.codes.redeem(app, code, TokenFixture.REDIRECT,
        AuthorizationCodes.s256(VERIFIER), TokenFixture.PHONE)); // the challenge itself as "plain"
    assertOAuth("invalid_request", () -> fx.codes.redeem(app, code, TokenFixture.REDIRECT, null, TokenFixture.PHONE));
    assertThat(redeem(app, code).accessToken()).isNotBlank();
  }

  /** RFC 6749 §4.1.3: the code was issued to this client, for this redirect_uri. */
  @Test
  void aCodeOfAnotherClientOrForAnotherRedirectIsRefused() {
    String code = code(app);
    assertOAuth("invalid_grant", () -> redeem(other, code));
    assertOAuth("invalid_grant", () -> fx.codes.redeem(app, code, "http://127.0.0.1:9/callback", VERIFIER, TokenFixture.PHONE));
    assertOAuth("invalid_request", () -> fx.codes.redeem(app, code, null, VERIFIER, TokenFixture.PHONE));
    Client service = fx.client(ClientType.SERVICE);
    assertOAuth("unauthorized_client", () -> redeem(service, code));
    assertThat(redeem(app, code).accessToken()).isNotBlank();
  }

  /** RFC 6749 §4.1.2: short-lived. */
  @Test
  void aCodeExpiresAfterAMinute() {
    String code = code(app);
    fx.clock.advance(AuthorizationCodes.CODE_TTL);
    assertOAuth("invalid_grant", () -> redeem(app, code));
  }

  /** RFC 6749 §4.1.2 and RFC 9700 §4.5: a replayed code revokes the tokens issued from it. */
  @Test
  void aReplayedCodeRevokesTheFamilyAndItsAccessTokens() {
    String code = code(app);
    TokenResponse pair = redeem(app, code);
    assertOAuth("invalid_grant", () -> redeem(app, code));
    assertThatThrownBy(() -> fx.verifier.verify(pair.accessToken())).isInstanceOf(AuthenticationException.class);
    assertOAuth("invalid_grant", () -> fx.tokens.refreshGrant(app, pair.refreshToken(), null, TokenFixture.PHONE));
    assertThat(fx.audit.events).extracting(AuditEvent::type).contains(AuditEvent.AUTHORIZATION_CODE_REUSE_DETECTED);
    fx.clock.advance(Duration.ofMinutes(5)); // past the code's validity, still remembered
    assertOAuth("invalid_grant", () -> redeem(app, code));
  }

  @Test
  void aPasswordChangeBeforeTheExchangeMakesTheCodeWorthless() {
    String code = code(app);
    fx.accounts.bumpTokenVersion(alice.id());
    assertOAuth("invalid_grant", () -> redeem(app, code));
  }

  /** Racing redemptions of one code: one wins, and the replay revokes what it got. */
  @Test
  void racingRedemptionsLeaveNoLiveFamily() throws Exception {
    for (int round = 0; round < 20; round++) {
      String code = code(app);
      List<Callable<TokenResponse>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(() -> redeem(app, code));
      }
      List<TokenResponse> won = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TokenResponse>> futures = new ArrayList<>();
        for (Callable<TokenResponse> t : tasks) {
          futures.add(pool.submit(() -> {
            go.await();
            return t.call();
          }));
        }
        go.countDown();
        for (Future<TokenResponse> f : futures) {
          try {
            won.add(f.get());
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OAuthException.class);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(won.size()).isLessThanOrEqualTo(1);
      for (TokenResponse p : won) {
        // every redemption but one was a replay, so the winner's family is revoked too
        assertOAuth("invalid_grant", () -> fx.tokens.refreshGrant(app, p.refreshToken(), null, TokenFixture.PHONE));
      }
    }
  }
}
