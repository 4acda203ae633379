package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.Race;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With --refresh-grace, retries and concurrent tabs get the same successor and stay logged in. */
class RefreshGraceIT {
  static ServerHarness h;
  static OAuth oauth;
  static String mobile;

  @BeforeAll
  static void start() {
    h = new ServerHarness(b -> b.issuer("http://portcullis.test").refreshGrace(Duration.ofSeconds(30)));
    oauth = new OAuth(h);
    mobile = oauth.client("mobile").get("client_id").asText();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void concurrentRefreshesInsideTheGraceWindowAllGetTheSameSuccessor() throws Exception {
    String email = ServerHarness.email();
    h.register(email);
    String refresh = oauth.password(mobile, email, ServerHarness.PASSWORD).json().get("refresh_token").asText();
    List<Browser.Response> answers = Race.times(6, () -> oauth.refresh(mobile, refresh));
    for (Browser.Response r : answers) {
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    String successor = answers.get(0).json().get("refresh_token").asText();
    assertThat(answers).allSatisfy(r -> assertThat(r.json().get("refresh_token").asText()).isEqualTo(successor));
    // the family is alive: the successor rotates on
    assertThat(oauth.refresh(mobile, successor).status()).isEqualTo(200);
  }

  @Test
  void afterTheGraceWindowTheOldTokenIsReuse() {
    String email = ServerHarness.email();
    h.register(email);
    JsonNode first = oauth.password(mobile, email, ServerHarness.PASSWORD).json();
    JsonNode second = oauth.refresh(mobile, first.get("refresh_token").asText()).json();
    h.clock.advance(Duration.ofSeconds(31));
    Browser.Response late = oauth.refresh(mobile, first.get("refresh_token").asText());
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(oauth.refresh(mobile, second.get("refresh_token").asText()).status()).isEqualTo(400);
  }
}
