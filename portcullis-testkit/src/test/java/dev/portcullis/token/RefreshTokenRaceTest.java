package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.account.Account;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.error.OAuthException;
import dev.portcullis.testkit.Race;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RefreshTokenService} under racing refreshes of one token, on the core's in-memory stores
 * ({@link TokenFixture}). It lives here, not beside the service, because it races with the
 * testkit's {@link Race}, and the core's own tests cannot depend on the testkit (it depends on the
 * core). The store's side of it, on every backend: RefreshFamilyStoreContract; over HTTP:
 * TokenLifecycleIT and RefreshGraceIT.
 */
class RefreshTokenRaceTest {
  /** Each refresh's answer: the new pair, or the OAuth error it was refused with. */
  private static List<Object> race(TokenFixture f, Client c, String token, int threads) throws Exception {
    return Race.times(threads, () -> {
      try {
        return f.tokens.refreshGrant(c, token, null, TokenFixture.PHONE);
      } catch (OAuthException e) {
        return e;
      }
    });
  }

  @Test
  void racingRefreshesWithOneTokenWithoutGraceLetOneWinAndRevokeTheFamily() throws Exception {
    TokenFixture fx = new TokenFixture();
    Account alice = fx.user();
    Client app = fx.client(ClientType.MOBILE, "read", "write");
    TokenResponse first = fx.login(alice, app);
    List<Object> outcomes = race(fx, app, first.refreshToken(), 12);
    assertThat(outcomes).filteredOn(o -> o instanceof TokenResponse).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o instanceof OAuthException).hasSize(11);
    assertThat(fx.refreshTokens.list(alice.id())).isEmpty();
  }

  @Test
  void racingRefreshesWithinGraceAllGetTheSamePair() throws Exception {
    TokenFixture f = new TokenFixture(p -> p.withRefresh(p.refreshIdle(), p.refreshAbsolute(), Duration.ofSeconds(5)));
    Account a = f.user();
    Client c = f.client(ClientType.MOBILE);
    TokenResponse first = f.login(a, c);
    List<Object> outcomes = race(f, c, first.refreshToken(), 12);
    assertThat(outcomes).allMatch(o -> o instanceof TokenResponse);
    assertThat(outcomes).extracting(o -> ((TokenResponse) o).refreshToken()).containsOnly(
        ((TokenResponse) outcomes.get(0)).refreshToken());
    assertThat(f.refreshTokens.list(a.id())).hasSize(1);
  }
}
