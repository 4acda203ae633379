package dev.portcullis.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.server.http.Json;
import dev.portcullis.token.TokenResponse;
import org.junit.jupiter.api.Test;

/** The token endpoint's answer on the wire, RFC 6749 section 5.1. */
class TokenAnswerTest {
  private static String json(TokenResponse r) throws Exception {
    return Json.MAPPER.writeValueAsString(TokenAnswer.of(r));
  }

  @Test
  void aPasswordGrantAnswersEveryMemberInOrder() throws Exception {
    assertThat(json(TokenResponse.bearer("at", 600, "rt", "read write"))).isEqualTo(
        "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"rt\","
            + "\"scope\":\"read write\"}");
  }

  /** Client credentials issue no refresh token (RFC 6749 section 4.4.3): the member is absent, not null. */
  @Test
  void noRefreshTokenIssuedMeansNoRefreshTokenMember() throws Exception {
    assertThat(json(TokenResponse.bearer("at", 600, null, "jobs:run")))
        .isEqualTo("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":600,\"scope\":\"jobs:run\"}");
  }

  /** RFC 6749 section 3.3: a grant without scope omits the member instead of sending "". */
  @Test
  void anEmptyOrMissingScopeIsOmitted() throws Exception {
    assertThat(json(TokenResponse.bearer("at", 600, "rt", "")))
        .isEqualTo("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"rt\"}");
    assertThat(json(TokenResponse.bearer("at", 0, null, null)))
        .isEqualTo("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":0}");
  }

  @Test
  void theTokensStayOutOfToString() {
    assertThat(TokenAnswer.of(TokenResponse.bearer("secret-access", 600, "secret-refresh", "read")).toString())
        .doesNotContain("secret-access").doesNotContain("secret-refresh");
  }
}
