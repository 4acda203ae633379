package dev.portcullis.login;

import static dev.portcullis.login.LoginFixture.LAPTOP;
import static dev.portcullis.login.LoginFixture.PASSWORD;
import static dev.portcullis.login.LoginFixture.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.session.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordChangeTest {
  private static final String EMAIL = "alice@example.com";
  private static final String NEW = "a brand new passphrase";

  private final LoginFixture fx = new LoginFixture();
  private final Account alice = fx.register(EMAIL);

  @AfterEach
  void close() {
    fx.close();
  }

  private void assertSessionExpired(SignedIn in) {
    assertThatThrownBy(() -> fx.sessions.validate(in.issued().token())).isInstanceOf(AuthenticationException.class)
        .hasFieldOrPropertyWithValue("code", "session_expired");
  }

  @Test
  void aBrowserCallerGetsAFreshSessionAndEveryOtherSessionEnds() {
    SignedIn laptop = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);
    SignedIn phone = fx.login.login(EMAIL, PASSWORD, null, PHONE);

    PasswordChange.Changed changed = fx.passwordChange.change(LoginFixture.browser(laptop), PASSWORD, NEW, LAPTOP);

    SignedIn fresh = changed.signedIn().orElseThrow();
    assertSessionExpired(laptop); // the caller's old session too: a new id after a credential change
    assertSessionExpired(phone);
    Session session = fx.sessions.validate(fresh.issued().token()).session();
    assertThat(session.tokenVersion()).isEqualTo(1).isEqualTo(changed.account().tokenVersion());
    assertThat(session.userAgent()).isEqualTo("Firefox");
    assertThat(fx.sessions.csrfMatches(session, fresh.csrfToken())).isTrue();
    assertThat(fx.sessions.list(alice.id())).extracting(Session::id).containsExactly(session.id());
    assertThatThrownBy(() -> fx.login.login(EMAIL, PASSWORD, null, LAPTOP)).isInstanceOf(AuthenticationException.class);
    assertThat(fx.login.login(EMAIL, NEW, null, LAPTOP).account().id()).isEqualTo(alice.id());
  }

  @Test
  void aTokenCallerGetsNoSession() {
    SignedIn laptop = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);

    PasswordChange.Changed changed = fx.passwordChange.change(LoginFixture.app(alice, "f_phone"), PASSWORD, NEW, PHONE);

    assertThat(changed.signedIn()).isEmpty();
    assertThat(changed.account().tokenVersion()).isEqualTo(1);
    assertSessionExpired(laptop);
    assertThat(fx.sessions.list(alice.id())).isEmpty();
  }

  @Test
  void aWrongCurrentPasswordChangesNothingAndSignsNobodyIn() {
    SignedIn laptop = fx.login.login(EMAIL, PASSWORD, null, LAPTOP);

    assertThatThrownBy(() -> fx.passwordChange.change(LoginFixture.browser(laptop), "not the password", NEW, LAPTOP))
        .isInstanceOf(AccessDeniedException.class).hasFieldOrPropertyWithValue("code", "forbidden");

    assertThat(fx.sessions.validate(laptop.issued().token()).session().id()).isEqualTo(laptop.issued().session().id());
    assertThat(fx.sessions.list(alice.id())).hasSize(1);
    assertThat(fx.login.login(EMAIL, PASSWORD, null, PHONE).account().id()).isEqualTo(alice.id());
  }
}
