package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WindowType;

/**
 * The browser edge cases of a dashboard with server-side sessions, in a real headless Chromium:
 * each profile is one device. Sign in and out, devices signing each other out, tabs, a password
 * changed elsewhere, a browser restart with and without "Keep me signed in", and a tampered form.
 */
class DashboardBrowserIT {
  @RegisterExtension
  static final DevServer server = new DevServer();

  static ServerHarness h() {
    return server.harness();
  }

  @RegisterExtension
  final Chromiums chromiums = new Chromiums();

  static String newUser() {
    String email = ServerHarness.email();
    h().register(email);
    return email;
  }

  /** Opens the dashboard, is sent to sign in, signs in and lands back on it. */
  static ChromiumBrowser signedIn(ChromiumBrowser b, String email, boolean keep) {
    b.go(h().base + "/account");
    assertThat(b.path()).startsWith("/signin?return_to=%2Faccount");
    b.signIn(email, ServerHarness.PASSWORD, keep);
    assertThat(b.path()).isEqualTo("/account");
    assertThat(b.heading()).isEqualTo("Your devices");
    return b;
  }

  static void assertOnSignIn(ChromiumBrowser b) {
    assertThat(b.path()).startsWith("/signin");
    assertThat(b.heading()).isEqualTo("Sign in");
  }

  @Test
  void signInLandsOnTheDashboardMarkingThisDeviceAndSignOutEndsIt() {
    String email = newUser();
    ChromiumBrowser b = signedIn(chromiums.open("a"), email, false);
    assertThat(b.find("header .email").getText()).isEqualTo(email);
    assertThat(b.all("#devices .row")).hasSize(1);
    assertThat(b.find("#devices .row .device-name").getText()).isEqualTo("Headless Chrome on Linux");
    assertThat(b.find("#current-device").getText()).isEqualTo("This device");

    b.click("header form.who button");
    assertThat(b.path()).isEqualTo("/signin?signed_out");
    assertThat(b.find(".notice").getText()).isEqualTo("You are signed out.");
    b.go(h().base + "/account/keys");
    assertOnSignIn(b);
    assertThat(b.path()).isEqualTo("/signin?return_to=%2Faccount%2Fkeys");
  }

  @Test
  void oneDeviceSignsAnotherOutAndItsNextClickLandsOnSignIn() {
    String email = newUser();
    ChromiumBrowser a = signedIn(chromiums.open("a"), email, false);
    ChromiumBrowser b = signedIn(chromiums.open("b"), email, false);
    a.go(h().base + "/account");
    assertThat(a.all("#devices .row")).hasSize(2);
    String other = a.all("#devices .row").stream().filter(r -> r.findElements(
        org.openqa.selenium.By.id("current-device")).isEmpty()).findFirst().orElseThrow().getAttribute("data-device");
    a.click("button[data-revoke='" + other + "']");
    assertThat(a.find("#notice").getText()).isEqualTo("The device is signed out.");
    assertThat(a.all("#devices .row")).hasSize(1);

    b.click("a[href='/account/keys']");
    assertOnSignIn(b);
    // and back the other way: b signs in again and signs a out
    b.signIn(email, ServerHarness.PASSWORD, false);
    assertThat(b.path()).isEqualTo("/account/keys");
    b.go(h().base + "/account");
    String aId = b.all("#devices .row").stream().filter(r -> r.findElements(
        org.openqa.selenium.By.id("current-device")).isEmpty()).findFirst().orElseThrow().getAttribute("data-device");
    b.click("button[data-revoke='" + aId + "']");
    a.click("a[href='/account/events']");
    assertOnSignIn(a);
  }

  @Test
  void signOutAllOthersEndsEveryOtherDeviceButThisOne() {
    String email = newUser();
    ChromiumBrowser a = signedIn(chromiums.open("a"), email, false);
    ChromiumBrowser b = signedIn(chromiums.open("b"), email, false);
    ChromiumBrowser c = signedIn(chromiums.open("c"), email, false);
    a.go(h().base + "/account");
    assertThat(a.all("#devices .row")).hasSize(3);
    a.click("#revoke-others");
    assertThat(a.find("#notice").getText()).isEqualTo("Every other device is signed out.");
    assertThat(a.all("#devices .row")).hasSize(1);
    b.click("a[href='/account/password']");
    assertOnSignIn(b);
    c.driver().navigate().refresh();
    assertOnSignIn(c);
    a.click("a[href='/account/keys']");
    assertThat(a.heading()).isEqualTo("API keys");
  }

  @Test
  void signingOutInOneTabSendsTheOtherTabsNextActionToSignIn() {
    String email = newUser();
    ChromiumBrowser b = signedIn(chromiums.open("tabs"), email, false);
    String first = b.driver().getWindowHandle();
    b.driver().switchTo().newWindow(WindowType.TAB);
    b.go(h().base + "/account/keys");
    String second = b.driver().getWindowHandle();
    assertThat(b.heading()).isEqualTo("API keys");

    b.driver().switchTo().window(first);
    b.click("header form.who button");
    assertThat(b.path()).isEqualTo("/signin?signed_out");

    b.driver().switchTo().window(second);
    b.find("#key-name").sendKeys("made after sign-out");
    b.click("#create-key"); // a form of a page loaded while signed in
    assertOnSignIn(b);
    b.signIn(email, ServerHarness.PASSWORD, false);
    b.go(h().base + "/account/keys");
    assertThat(b.find("#keys").getText()).doesNotContain("made after sign-out");
  }

  @Test
  void aPasswordChangedOnOneDeviceSignsTheOtherOut() {
    String email = newUser();
    ChromiumBrowser a = signedIn(chromiums.open("a"), email, false);
    ChromiumBrowser b = signedIn(chromiums.open("b"), email, false);
    a.click("a[href='/account/password']");
    a.find("#current_password").sendKeys(ServerHarness.PASSWORD);
    a.find("#new_password").sendKeys("a different long passphrase");
    a.find("#new_password_again").sendKeys("a different long passphrase");
    a.click("#change-password");
    assertThat(a.find("#notice").getText()).startsWith("Your password is changed.");
    a.click("a[href='/account']");
    assertThat(a.all("#devices .row")).as("only this browser, signed in again").hasSize(1);

    b.click("a[href='/account/keys']");
    assertOnSignIn(b);
    b.signIn(email, ServerHarness.PASSWORD, false);
    assertThat(b.find("#form-error").getText()).isEqualTo("The email or password is incorrect.");
    b.signIn(email, "a different long passphrase", false);
    assertThat(b.heading()).isEqualTo("API keys");
  }

  @Test
  void aWrongCurrentPasswordIsAFormErrorNotASignOut() {
    ChromiumBrowser a = signedIn(chromiums.open("a"), newUser(), false);
    a.go(h().base + "/account/password");
    a.find("#current_password").sendKeys("not my password at all");
    a.find("#new_password").sendKeys("a different long passphrase");
    a.find("#new_password_again").sendKeys("a different long passphrase");
    a.click("#change-password");
    assertThat(a.find("#form-error").getText()).isEqualTo("The current password is incorrect.");
    a.click("a[href='/account']");
    assertThat(a.heading()).isEqualTo("Your devices");
  }

  /** RFC 6265 §5.3 step 3: a cookie without Max-Age or Expires ends with the browser session. */
  @Test
  void aBrowserRestartKeepsAKeptSessionAndEndsASessionOnlyOne() {
    String email = newUser();
    ChromiumBrowser kept = signedIn(chromiums.open("kept"), email, true);
    ChromiumBrowser once = signedIn(chromiums.open("once"), email, false);
    assertThat(sessionCookie(kept).get("session")).isEqualTo(Boolean.FALSE);
    assertThat(sessionCookie(once).get("session")).isEqualTo(Boolean.TRUE);

    kept.restart();
    once.restart();

    kept.go(h().base + "/account");
    assertThat(kept.path()).isEqualTo("/account");
    assertThat(kept.all("#devices .row")).as("both sessions still live on the server").hasSize(2);
    once.go(h().base + "/account");
    assertOnSignIn(once);
  }

  static Map<String, Object> sessionCookie(ChromiumBrowser b) {
    List<Map<String, Object>> cookies = b.cookies();
    return cookies.stream().filter(c -> "portcullis_session".equals(c.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
  }

  @Test
  void aTamperedCsrfTokenGetsTheReadable403PageAndChangesNothing() {
    ChromiumBrowser b = signedIn(chromiums.open("a"), newUser(), false);
    b.go(h().base + "/account/keys");
    b.find("#key-name").sendKeys("should not exist");
    b.driver().executeScript("document.querySelector(\"form[action='/account/keys'] input[name=_csrf]\").value = 'x' + "
        + "document.querySelector(\"form[action='/account/keys'] input[name=_csrf]\").value.substring(1)");
    b.click("#create-key");
    assertThat(b.heading()).isEqualTo("This form has expired");
    assertThat(b.find(".status").getText()).isEqualTo("Error 403");
    b.go(h().base + "/account/keys");
    assertThat(b.find("#keys").getText()).contains("No API keys yet.").doesNotContain("should not exist");
    assertThat(b.all("#devices .row")).isEmpty();
    b.go(h().base + "/account");
    assertThat(b.all("#devices .row")).as("still signed in: a refused form signs nobody out").hasSize(1);
  }

  @Test
  void anApiKeyIsShownOnceWithACopyButtonThenRotatedAndRevoked() {
    ChromiumBrowser b = signedIn(chromiums.open("a"), newUser(), false);
    b.go(h().base + "/account/keys");
    b.find("#key-name").sendKeys("deploy <bot>");
    b.find("#key-scopes").sendKeys("read:reports write:reports");
    b.click("#create-key");
    String key = b.find("#secret-value").getAttribute("value");
    assertThat(key).startsWith("pcl_");
    assertThat(b.find("#secret-heading").getText()).isEqualTo("New API key “deploy <bot>”");
    assertThat(b.find("#copy-secret").isDisplayed()).as("the script from /assets ran under the CSP").isTrue();
    b.find("#copy-secret").click();
    assertThat(b.textOnceItSettles("#copy-secret", "Copied"))
        .as("the clipboard promise (or the execCommand fallback) settles asynchronously").isEqualTo("Copied");
    assertThat(b.find("#keys").getText()).contains("deploy <bot>", "read:reports write:reports").doesNotContain(key);

    b.driver().navigate().refresh();
    assertThat(b.all("#secret-value")).as("shown once: a reload does not show it again").isEmpty();

    Browser api = h().browser().header("Authorization", "Bearer " + key);
    assertThat(api.get("/v1/me").status()).isEqualTo(200);
    b.driver().navigate().refresh();
    assertThat(b.find("#keys .last-used").getText()).isNotEqualTo("never");

    b.click("button[data-rotate]");
    String successor = b.find("#secret-value").getAttribute("value");
    assertThat(successor).startsWith("pcl_").isNotEqualTo(key);
    assertThat(b.all("#keys tbody tr")).hasSize(2);
    assertThat(b.find("#keys").getText()).contains("rotated: works until");
    assertThat(api.get("/v1/me").status()).as("the old key works during the overlap").isEqualTo(200);

    List<String> ids = b.all("button[data-revoke-key]").stream().map(e -> e.getAttribute("data-revoke-key")).toList();
    assertThat(ids).hasSize(2);
    for (String id : ids) {
      b.click("button[data-revoke-key='" + id + "']");
      assertThat(b.find("#notice").getText()).isEqualTo("The API key is revoked.");
    }
    assertThat(b.find("#keys").getText()).contains("No API keys yet.");
    assertThat(api.get("/v1/me").status()).isEqualTo(401);
  }
}
