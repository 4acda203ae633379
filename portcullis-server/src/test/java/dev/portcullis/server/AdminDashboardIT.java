package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The administrator's pages in a real Chromium: users (search, roles, forced logout), clients
 * (the secret shown once), signing keys (rotation) and the audit log (filters); a user who is not
 * an admin gets the 403 page. {@link #tour} saves the README's screenshots.
 */
class AdminDashboardIT {
  /** Where {@link #tour} writes its PNGs; {@code docs/img/} holds the copies the README shows. */
  static final Path TOUR = Chromiums.SCREENSHOTS.resolve("tour");
  @RegisterExtension
  static final DevServer server = new DevServer();

  static ServerHarness h() {
    return server.harness();
  }

  @RegisterExtension
  final Chromiums chromiums = new Chromiums();

  static String newAdmin(String email) {
    String id = h().register(email);
    Browser.Response r = h().admin().putJson("/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("admin")));
    assertThat(r.status()).isEqualTo(200);
    return id;
  }

  static ChromiumBrowser signIn(ChromiumBrowser b, String email) {
    b.go(h().base + "/account");
    b.signIn(email, ServerHarness.PASSWORD, false);
    assertThat(b.path()).isEqualTo("/account");
    return b;
  }

  @Test
  void anAdminFindsAUserChangesTheirRolesAndSignsThemOutEverywhere() {
    String adminEmail = "admin-" + ServerHarness.email();
    newAdmin(adminEmail);
    String userEmail = ServerHarness.email();
    String userId = h().register(userEmail);
    ChromiumBrowser user = signIn(chromiums.open("user"), userEmail);
    ChromiumBrowser admin = signIn(chromiums.open("admin"), adminEmail);

    admin.click("a[href='/admin/users']");
    admin.find("#query").sendKeys(userEmail.substring(5, 20));
    admin.click("#search");
    assertThat(admin.all("#users tbody tr")).hasSize(1);
    admin.click("#users a");
    assertThat(admin.heading()).isEqualTo(userEmail);
    assertThat(admin.all("#devices .row")).as("the user's browser").hasSize(1);

    admin.find("#other-roles").sendKeys("support billing:read");
    admin.click("#save-roles");
    assertThat(admin.find("#notice").getText()).startsWith("The roles are saved.");
    assertThat(h().admin().get("/v1/admin/users/" + userId).json().get("roles").toString())
        .isEqualTo("[\"billing:read\",\"support\"]");

    admin.click("#force-logout");
    assertThat(admin.find("#notice").getText()).isEqualTo("The user is signed out everywhere.");
    assertThat(admin.find("#devices").getText()).contains("Not signed in anywhere.");
    user.click("a[href='/account/keys']");
    assertThat(user.path()).startsWith("/signin");
  }

  @Test
  void anAdminRegistersAClientSeesItsSecretOnceAndDeletesIt() {
    String adminEmail = "admin-" + ServerHarness.email();
    newAdmin(adminEmail);
    ChromiumBrowser admin = signIn(chromiums.open("admin"), adminEmail);
    admin.go(h().base + "/admin/clients");
    admin.find("#client-name").sendKeys("Billing <service>");
    admin.find("#client-type").sendKeys("service");
    admin.find("#client-scopes").sendKeys("invoices:read");
    admin.click("#create-client");
    assertThat(admin.find("#notice").getText()).isEqualTo("The client is registered.");
    String secret = admin.find("#secret-value").getAttribute("value");
    assertThat(secret).startsWith("pcl_cs_");
    String clientId = admin.find("#secret-heading").getText().replace("Secret of client ", "");
    assertThat(admin.find("tr[data-client='" + clientId + "']").getText())
        .contains("Billing <service>", "service", "client_credentials", "invoices:read");

    Browser.Response token = h().browser().postRaw("/v1/token", OAuth.form("grant_type", "client_credentials",
        "client_id", clientId, "client_secret", secret), "application/x-www-form-urlencoded");
    assertThat(token.status()).as("the secret shown works").isEqualTo(200);

    admin.driver().navigate().refresh();
    assertThat(admin.all("#secret-value")).as("shown once").isEmpty();
    assertThat(firstParty(clientId)).as("the first-party box is ticked by default").isTrue();

    // a third-party app: the box unticked, so its users get the consent page
    admin.find("#client-name").sendKeys("Partner app");
    admin.find("#client-type").sendKeys("browser");
    admin.find("#client-redirects").sendKeys("https://partner.example/cb");
    assertThat(admin.find("#client-first-party").isSelected()).isTrue();
    admin.find("#client-first-party").click(); // not click(): ticking a box does not navigate
    admin.click("#create-client");
    assertThat(admin.find("#notice").getText()).isEqualTo("The client is registered.");
    String partner = null;
    for (var row : admin.all("#clients tbody tr[data-client]")) {
      if (row.getText().contains("Partner app")) {
        partner = row.getAttribute("data-client");
      }
    }
    assertThat(partner).as("the partner app is listed").isNotNull();
    assertThat(firstParty(partner)).isFalse();
    assertThat(admin.find("tr[data-client='" + partner + "']").getText()).contains("third-party: consent");

    admin.click("button[data-delete='" + clientId + "']");
    assertThat(admin.find("#notice").getText()).startsWith("The client is deleted.");
    assertThat(admin.all("tr[data-client='" + clientId + "']")).isEmpty();
  }

  private static boolean firstParty(String clientId) {
    for (var c : h().admin().get("/v1/admin/clients").json()) {
      if (c.get("client_id").asText().equals(clientId)) {
        return c.get("first_party").asBoolean();
      }
    }
    throw new AssertionError("no client " + clientId);
  }

  @Test
  void anAdminRotatesTheSigningKeyAndFiltersTheAuditLog() {
    String adminEmail = "admin-" + ServerHarness.email();
    String adminId = newAdmin(adminEmail);
    ChromiumBrowser admin = signIn(chromiums.open("admin"), adminEmail);
    admin.go(h().base + "/admin/keys");
    int before = admin.all("#signing-keys tbody tr").size();
    assertThat(admin.all("#signing-keys tr[data-state='signing']")).hasSize(1);
    admin.click("#rotate-key");
    assertThat(admin.find("#notice").getText()).startsWith("A new signing key is published");
    assertThat(admin.all("#signing-keys tbody tr")).hasSize(before + 1);
    assertThat(admin.all("#signing-keys tr[data-state='scheduled']")).isNotEmpty();

    admin.go(h().base + "/admin/audit");
    admin.find("#user_id").sendKeys(adminId);
    admin.find("#type").sendKeys("Roles changed");
    admin.click("#filter");
    assertThat(admin.path()).contains("user_id=" + adminId, "type=roles_changed");
    assertThat(admin.all("#events tbody tr")).hasSize(1)
        .allSatisfy(r -> assertThat(r.getAttribute("data-type")).isEqualTo("roles_changed"));
  }

  @Test
  void aUserWhoIsNotAnAdminGetsTheForbiddenPageAndNoAdminLinks() {
    String email = ServerHarness.email();
    h().register(email);
    ChromiumBrowser b = signIn(chromiums.open("user"), email);
    assertThat(b.all("a[href='/admin/users']")).isEmpty();
    b.go(h().base + "/admin/users");
    assertThat(b.heading()).isEqualTo("Not allowed");
    assertThat(b.find(".status").getText()).isEqualTo("Error 403");
  }

  /** The README's screenshots: a user's devices and API keys, and the admin's users and audit log. */
  @Test
  void tour() throws IOException {
    String email = "ada@example.com";
    newAdmin(email);
    h().register("grace@example.com");
    h().register("linus@example.com");
    ChromiumBrowser phone = chromiums.open("phone", "--user-agent=Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) "
        + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1");
    signIn(phone, email);
    ChromiumBrowser b = chromiums.open("desktop", "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    signIn(b, email);
    b.screenshot(TOUR.resolve("dashboard-devices.png"), true);

    b.go(h().base + "/account/keys");
    b.find("#key-name").sendKeys("nightly export");
    b.find("#key-scopes").sendKeys("reports:read");
    b.click("#create-key");
    assertThat(b.all("#secret-value")).hasSize(1);
    b.screenshot(TOUR.resolve("dashboard-api-keys.png"), true);

    b.go(h().base + "/admin/users");
    b.screenshot(TOUR.resolve("dashboard-admin-users.png"), true);
    b.go(h().base + "/admin/audit");
    b.screenshot(TOUR.resolve("dashboard-admin-audit.png"), true);
    phone.go(h().base + "/account");
    phone.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    phone.screenshot(TOUR.resolve("dashboard-phone.png"), false);
  }
}
