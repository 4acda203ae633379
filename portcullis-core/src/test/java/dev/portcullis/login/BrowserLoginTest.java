package dev.portcullis.login;

import static dev.portcullis.login.LoginFixture.LAPTOP;
import static dev.portcullis.login.LoginFixture.PASSWORD;
import static dev.portcullis.login.LoginFixture.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.session.Session;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrowserLoginTest {
  private static final String EMAIL = "alice@example.com";

  private final LoginFixture fx = new LoginFixture();
  private final Account alice = fx.register(EMAIL);

  @AfterEach
  void close() {
    fx.close();
  }

  private void assertSessionExpired(String token) {
    assertThatThrownBy(() -> fx.sessions.validate(token)).isInstanceOf(AuthenticationException.class)
        .hasFieldOrPropertyWithValue("code", "session_expired");
  }

  @Test
  void loginReturnsTheAccountItsNewSessionThatSessionsCsrfTokenAndTheCookieLifetime() {
    SignedIn in = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);

    assertThat(in.account().id()).isEqualTo(alice.id());
    Session session = fx.sessions.validate(in.issued().token()).session();
    assertThat(session.id()).isEqualTo(in.issued().session().id());
    assertThat(session.userAgent()).isEqualTo("Firefox");
    assertThat(session.ip()).isEqualTo("192.0.2.1");
    assertThat(session.authTime()).isEqualTo(fx.clock.instant());
    assertThat(fx.sessions.csrfMatches(session, in.csrfToken())).isTrue();
    assertThat(in.cookieLifetime()).isEqualTo(Duration.ofHours(8)); // the absolute lifetime
    assertThat(in.toString()).doesNotContain(in.issued().token()); // the secret never reaches a log line
  }

  @Test
  void loginEndsAPresentedLiveSessionAndNeverAdoptsIt() {
    SignedIn first = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);
    fx.clock.advance(Duration.ofMinutes(1));

    SignedIn second = fx.login.login(EMAIL, PASSWORD, first.issued().token(), PHONE);

    // a fresh id and secret (no session fixation), and the presented one does not linger beside it
    assertThat(second.issued().session().id()).isNotEqualTo(first.issued().session().id());
    assertThat(second.issued().token()).isNotEqualTo(first.issued().token());
    assertSessionExpired(first.issued().token());
    assertThat(fx.sessions.list(alice.id())).extracting(Session::id).containsExactly(second.issued().session().id());
  }

  @Test
  void aFailedLoginLeavesThePresentedSessionAlone() {
    SignedIn first = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);

    assertThatThrownBy(() -> fx.login.login(EMAIL, "not the password", first.issued().token(), LAPTOP))
        .isInstanceOf(AuthenticationException.class).hasFieldOrPropertyWithValue("code", "invalid_credentials");

    assertThat(fx.sessions.validate(first.issued().token()).session().id()).isEqualTo(first.issued().session().id());
    assertThat(fx.sessions.list(alice.id())).hasSize(1);
  }

  @Test
  void aPresentedCookieThatNamesNoLiveSessionDoesNotStopTheLogin() {
    SignedIn expired = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);
    fx.clock.advance(Duration.ofHours(2)); // past the idle timeout

    assertThat(fx.login.login(EMAIL, PASSWORD, "not-a-session", LAPTOP).account().id()).isEqualTo(alice.id());
    assertThat(fx.login.login(EMAIL, PASSWORD, "x".repeat(4096), LAPTOP).account().id()).isEqualTo(alice.id());
    assertThat(fx.login.login(EMAIL, PASSWORD, expired.issued().token(), LAPTOP).account().id()).isEqualTo(alice.id());
    assertThat(fx.sessions.list(alice.id())).hasSize(3);
  }
}
