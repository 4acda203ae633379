package dev.portcullis.server.wiring;

import dev.portcullis.device.DeviceService;
import dev.portcullis.login.BrowserLogin;
import dev.portcullis.login.PasswordChange;
import java.time.Clock;

/**
 * The browser use cases every face calls (JSON routes today; pages, the CLI and forward auth next):
 * sign-in, password change with a fresh session, and the merged list of signed-in devices.
 */
public record LoginFeature(BrowserLogin browserLogin, PasswordChange passwordChange, DeviceService devices) {
  public static LoginFeature create(AccountFeature accounts, SessionFeature sessions, TokenFeature tokens, Clock clock) {
    return new LoginFeature(
        new BrowserLogin(accounts.service(), sessions.service(), clock),
        new PasswordChange(accounts.service(), sessions.service(), clock),
        new DeviceService(sessions.service(), tokens.refreshTokens()));
  }
}
