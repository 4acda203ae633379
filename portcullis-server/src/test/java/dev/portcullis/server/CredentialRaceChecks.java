package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 2: a login that checked the password before a password change or forced logout and
 * finished after it keeps nothing that works. Run against one embedded instance and against two
 * instances over PostgreSQL + Redis (attackers on one, owner and admin on the other), several rounds
 * each so that a pass is not luck. A concrete class starts its deployment with {@link
 * CredentialRace#generousLoginLimits}.
 */
@Timeout(value = 300)
abstract class CredentialRaceChecks extends DeploymentLifecycle {
  private static final int ROUNDS = 3;

  @Test
  void nothingTheAttackersGotWithTheOldPasswordWorksAfterThePasswordChangeReturns() throws Exception {
    Deployment d = deployment();
    CredentialRace race = new CredentialRace(d);
    for (int round = 1; round <= ROUNDS; round++) {
      String email = ServerHarness.email();
      race.register(email);
      Browser owner = new Browser(d.b());
      assertThat(owner.login(email, ServerHarness.PASSWORD).status()).isEqualTo(200);

      CredentialRace.Loot loot = race.round(email, ServerHarness.PASSWORD, true, () -> {
        Browser.Response changed = owner.postCsrf("/v1/me/password",
            Map.of("current_password", ServerHarness.PASSWORD, "new_password", CredentialRace.NEW_PASSWORD));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        owner.csrf = changed.json().get("csrf_token").asText();
      });
      System.out.printf("%s password change, round %d: %s%n", getClass().getSimpleName(), round, loot);

      assertThat(loot.sessions()).as("the attackers got browser sessions before the change").isNotEmpty();
      assertThat(loot.grants()).as("the attackers got tokens before the change").isNotEmpty();
      long current = race.currentTokenVersion(email, CredentialRace.NEW_PASSWORD);
      assertThat(loot.grants()).allMatch(g -> g.tokenVersion() < current);
      race.assertRefused(loot.sessions(), loot.grants(), current);
      // the owner's renewed session was stamped with the new version: it works on every instance
      for (String base : List.of(d.a(), d.b())) {
        Browser.Response me = owner.at(base).get("/v1/me");
        assertThat(me.status()).as("the owner's renewed session on %s: %s", base, me.body()).isEqualTo(200);
      }
      assertThat(new Browser(d.a()).login(email, ServerHarness.PASSWORD).status()).isEqualTo(401);
    }
  }

  /**
   * A forced logout leaves the password valid, so a login whose password check comes after the bump
   * is a new login and rightly works. What must not work is anything stamped before the bump: the
   * access tokens say which ({@code tv}), so the attackers use the password grant here; browser
   * sessions follow the same stamping, proven in the password-change rounds above.
   */
  @Test
  void nothingTheAttackersGotBeforeAForcedLogoutWorksAfterItReturns() throws Exception {
    Deployment d = deployment();
    CredentialRace race = new CredentialRace(d);
    for (int round = 1; round <= ROUNDS; round++) {
      String email = ServerHarness.email();
      String userId = race.register(email);

      CredentialRace.Loot loot = race.round(email, ServerHarness.PASSWORD, false, () -> {
        Browser.Response forced = d.admin(d.b()).postJson("/v1/admin/users/" + userId + "/logout-everywhere", Map.of());
        assertThat(forced.status()).as(forced.body()).isEqualTo(204);
      });
      System.out.printf("%s forced logout, round %d: %s%n", getClass().getSimpleName(), round, loot);

      long current = race.currentTokenVersion(email, ServerHarness.PASSWORD);
      assertThat(current).isEqualTo(1);
      assertThat(loot.grants()).as("the attackers got tokens before the logout").anyMatch(g -> g.tokenVersion() == 0);
      race.assertRefused(List.of(), loot.grants(), current);
    }
  }
}
