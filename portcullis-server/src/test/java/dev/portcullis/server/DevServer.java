package dev.portcullis.server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One dev-mode server ({@link ServerHarness#dev()}) for the tests of a class, started before the
 * first and closed after the last:
 * {@code @RegisterExtension static final DevServer h = new DevServer();}
 * It answers the calls such tests make of their server.
 */
final class DevServer implements BeforeAllCallback, AfterAllCallback {
  private ServerHarness harness;

  @Override
  public void beforeAll(ExtensionContext context) {
    harness = ServerHarness.dev();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (harness != null) {
      harness.close();
    }
  }

  Browser browser() {
    return harness.browser();
  }

  Browser admin() {
    return harness.admin();
  }

  Browser loggedIn() {
    return harness.loggedIn();
  }

  String register(String email) {
    return harness.register(email);
  }

  ServerHarness harness() {
    return harness;
  }
}
