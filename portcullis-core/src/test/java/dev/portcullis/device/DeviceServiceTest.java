package dev.portcullis.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.portcullis.account.Account;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.device.SignedInDevice.Kind;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.session.InMemorySessionStore;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.session.SessionService;
import dev.portcullis.token.RecordingAuditLog;
import dev.portcullis.token.TokenFixture;
import dev.portcullis.token.TokenResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Browser sessions and app logins (refresh families) as one device list, over in-memory stores. */
class DeviceServiceTest {
  private static final Device LAPTOP = new Device("192.0.2.1", "Firefox");
  private static final Device TABLET = new Device("192.0.2.2", "Safari");

  private final TokenFixture fx = new TokenFixture();
  private final SessionService sessions = new SessionService(new InMemorySessionStore(fx.clock), fx.accounts,
      new RecordingAuditLog(), fx.clock, new SessionPolicy(Duration.ofHours(1), Duration.ofHours(8)),
      new Hmac(new byte[32]));
  private final DeviceService devices = new DeviceService(sessions, fx.refreshTokens);
  private final Client app = fx.client(ClientType.MOBILE, "read");
  private final Account alice = fx.user();
  private final Account mallory = fx.user();

  /** A browser session of {@code account}, and the caller a request made with it is. */
  private Principal browser(Account account, Device device) {
    String id = sessions.create(account, fx.clock.instant(), device).session().id();
    return new Principal(account.id(), "session", Set.of(), Set.of(), id, null);
  }

  /** An app login of {@code account} (TokenFixture.PHONE), and the caller its access token is. */
  private Principal appLogin(Account account) {
    TokenResponse pair = fx.login(account, app);
    String familyId = fx.verifier.verify(pair.accessToken()).familyId();
    return new Principal(account.id(), "jwt", Set.of(), Set.of("read"), familyId, app.id());
  }

  @Test
  void theListMergesBrowserSessionsAndAppLoginsAndMarksTheCurrentOne() {
    Principal laptop = browser(alice, LAPTOP);
    fx.clock.advance(Duration.ofMinutes(1));
    Principal tablet = browser(alice, TABLET);
    Principal phone = appLogin(alice);
    browser(mallory, LAPTOP);
    appLogin(mallory);

    assertThat(devices.list(tablet))
        .extracting(SignedInDevice::id, SignedInDevice::kind, SignedInDevice::userAgent, SignedInDevice::ip,
            SignedInDevice::current, SignedInDevice::clientId)
        .containsExactlyInAnyOrder(
            tuple(laptop.sessionId(), Kind.BROWSER, "Firefox", "192.0.2.1", false, null),
            tuple(tablet.sessionId(), Kind.BROWSER, "Safari", "192.0.2.2", true, null),
            tuple(phone.sessionId(), Kind.APP, "Phone/1.0", "203.0.113.7", false, app.id()));
    // browsers first, then apps; an app's access token marks its own login as current
    assertThat(devices.list(phone)).extracting(SignedInDevice::kind)
        .containsExactly(Kind.BROWSER, Kind.BROWSER, Kind.APP);
    assertThat(devices.list(phone)).filteredOn(SignedInDevice::current).extracting(SignedInDevice::id)
        .containsExactly(phone.sessionId());
    SignedInDevice first = devices.list(laptop).get(0);
    assertThat(first.createdAt()).isNotNull();
    assertThat(first.lastSeenAt()).isNotNull();
  }

  @Test
  void revokingAnotherUsersIdIsNotFoundForBothKinds() {
    Principal aliceLaptop = browser(alice, LAPTOP);
    Principal alicePhone = appLogin(alice);
    Principal intruder = browser(mallory, TABLET);

    // 404, not 403: nobody learns whether another user's id exists
    assertThatThrownBy(() -> devices.revoke(intruder, aliceLaptop.sessionId(), TABLET))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> devices.revoke(intruder, alicePhone.sessionId(), TABLET))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> devices.revoke(intruder, "f_unknown", TABLET)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> devices.revoke(intruder, "s_unknown", TABLET)).isInstanceOf(NotFoundException.class);

    assertThat(devices.list(aliceLaptop)).hasSize(2);
    assertThat(fx.denyList.isDenied("any-jti", alicePhone.sessionId())).isFalse(); // no deny for a refused revoke
  }

  @Test
  void revokingAnAppLoginEndsTheAccessTokensItWasIssued() {
    TokenResponse pair = fx.login(alice, app);
    String familyId = fx.verifier.verify(pair.accessToken()).familyId();
    Principal laptop = browser(alice, LAPTOP);

    assertThat(devices.revoke(laptop, familyId, LAPTOP)).isFalse();

    assertThatThrownBy(() -> fx.verifier.verify(pair.accessToken())).isInstanceOf(AuthenticationException.class);
    assertThat(devices.list(laptop)).extracting(SignedInDevice::id).containsExactly(laptop.sessionId());
  }

  @Test
  void revokeSaysWhenTheCallerEndedItsOwnBrowserSession() {
    Principal laptop = browser(alice, LAPTOP);
    Principal tablet = browser(alice, TABLET);

    assertThat(devices.revoke(laptop, tablet.sessionId(), LAPTOP)).isFalse();
    assertThat(devices.revoke(laptop, laptop.sessionId(), LAPTOP)).isTrue();
    assertThat(sessions.list(alice.id())).isEmpty();
  }

  @Test
  void revokeOthersKeepsTheCurrentBrowserSession() {
    browser(alice, LAPTOP);
    Principal tablet = browser(alice, TABLET);
    appLogin(alice);
    appLogin(alice);
    Principal bystander = browser(mallory, LAPTOP);

    devices.revokeOthers(tablet, TABLET);

    assertThat(devices.list(tablet)).extracting(SignedInDevice::id, SignedInDevice::current)
        .containsExactly(tuple(tablet.sessionId(), true));
    assertThat(devices.list(bystander)).hasSize(1);
  }

  @Test
  void revokeOthersKeepsTheCurrentAppLogin() {
    browser(alice, LAPTOP);
    browser(alice, TABLET);
    appLogin(alice);
    Principal phone = appLogin(alice);
    TokenResponse other = fx.login(alice, app);

    devices.revokeOthers(phone, TokenFixture.PHONE);

    assertThat(devices.list(phone)).extracting(SignedInDevice::id, SignedInDevice::kind, SignedInDevice::current)
        .containsExactly(tuple(phone.sessionId(), Kind.APP, true));
    assertThatThrownBy(() -> fx.verifier.verify(other.accessToken())).isInstanceOf(AuthenticationException.class);
  }
}
