package dev.portcullis.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.device.SignedInDevice;
import dev.portcullis.device.SignedInDevice.Kind;
import dev.portcullis.server.http.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The typed answers keep the field names, order and values the maps they replaced wrote (docs/openapi.json). */
class AnswerShapeTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2030-01-01T00:05:00Z");

  private static String json(Object answer) throws Exception {
    return Json.MAPPER.writeValueAsString(answer);
  }

  @Test
  void aBrowserDeviceHasNoClientIdAndKeepsItsNullsWhileAnAppDeviceEndsWithItsClientId() throws Exception {
    var browser = new SignedInDevice("s_1", Kind.BROWSER, T0, T1, null, null, true, null);
    var app = new SignedInDevice("f_1", Kind.APP, T0, T1, "Phone/1.0", "203.0.113.7", false, "c_1");
    assertThat(json(SessionRoutes.DeviceAnswer.of(browser))).isEqualTo("{\"session_id\":\"s_1\",\"kind\":\"browser\","
        + "\"created_at\":\"2030-01-01T00:00:00Z\",\"last_seen_at\":\"2030-01-01T00:05:00Z\",\"user_agent\":null,"
        + "\"ip\":null,\"current\":true}");
    assertThat(json(SessionRoutes.DeviceAnswer.of(app))).isEqualTo("{\"session_id\":\"f_1\",\"kind\":\"app\","
        + "\"created_at\":\"2030-01-01T00:00:00Z\",\"last_seen_at\":\"2030-01-01T00:05:00Z\",\"user_agent\":\"Phone/1.0\","
        + "\"ip\":\"203.0.113.7\",\"current\":false,\"client_id\":\"c_1\"}");
  }

  @Test
  void aPasswordChangeAnswersCsrfTokenToABrowserAndAnEmptyObjectToATokenCaller() throws Exception {
    assertThat(json(new AccountRoutes.PasswordAnswer("t"))).isEqualTo("{\"csrf_token\":\"t\"}");
    assertThat(json(new AccountRoutes.PasswordAnswer(null))).isEqualTo("{}");
  }

  @Test
  void sessionAndLoginAnswersKeepTheirFieldOrder() throws Exception {
    assertThat(json(new SessionRoutes.LoginAnswer("u_1", "t"))).isEqualTo("{\"user_id\":\"u_1\",\"csrf_token\":\"t\"}");
    assertThat(json(new SessionRoutes.SessionAnswer("u_1", "s_1", java.util.List.of("admin"), T0, T1, "t")))
        .isEqualTo("{\"user_id\":\"u_1\",\"session_id\":\"s_1\",\"roles\":[\"admin\"],"
            + "\"auth_time\":\"2030-01-01T00:00:00Z\",\"expires_at\":\"2030-01-01T00:05:00Z\",\"csrf_token\":\"t\"}");
    assertThat(json(new AccountRoutes.MeAnswer("u_1", "a@example.com", java.util.List.of(), "session")))
        .isEqualTo("{\"user_id\":\"u_1\",\"email\":\"a@example.com\",\"roles\":[],\"auth_method\":\"session\"}");
  }
}
