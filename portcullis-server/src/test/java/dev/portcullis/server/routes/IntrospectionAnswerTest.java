package dev.portcullis.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.server.http.Json;
import dev.portcullis.token.Introspection;
import dev.portcullis.token.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The introspection answer on the wire, RFC 7662 section 2.2. */
class IntrospectionAnswerTest {
  private static final Instant IAT = Instant.parse("2030-01-01T00:00:00Z");

  private static String json(VerifiedAccessToken t) throws Exception {
    return Json.MAPPER.writeValueAsString(IntrospectionAnswer.of(new Introspection.Result(t)));
  }

  private static VerifiedAccessToken token(List<String> audience, Set<String> scopes, String sid, Long version) {
    return new VerifiedAccessToken("u_1", "c_1", audience, scopes, "j_1", IAT, IAT, IAT.plusSeconds(600), sid,
        version, "https://auth.example", "k_1");
  }

  @Test
  void aUsersActiveTokenAnswersItsMembersInOrder() throws Exception {
    assertThat(json(token(List.of("https://auth.example"), Set.of("write", "read"), "f_1", 3L))).isEqualTo(
        "{\"active\":true,\"scope\":\"read write\",\"client_id\":\"c_1\",\"token_type\":\"Bearer\","
            + "\"exp\":1893456600,\"iat\":1893456000,\"nbf\":1893456000,\"sub\":\"u_1\","
            + "\"aud\":\"https://auth.example\",\"iss\":\"https://auth.example\",\"jti\":\"j_1\",\"sid\":\"f_1\"}");
  }

  /** RFC 6749 section 3.3: no scope means no member, never ""; a service's token has no sid. */
  @Test
  void anUnscopedServiceTokenOmitsScopeAndSid() throws Exception {
    String json = json(token(List.of("https://auth.example"), Set.of(), null, null));
    assertThat(json).doesNotContain("scope").doesNotContain("sid").startsWith("{\"active\":true,\"client_id\"");
  }

  /** RFC 7519 section 4.1.3: one audience is a string, several an array. */
  @Test
  void severalAudiencesAreAnArray() throws Exception {
    assertThat(json(token(List.of("a", "b"), Set.of(), null, null))).contains("\"aud\":[\"a\",\"b\"]");
  }

  /** RFC 7662 section 2.2: an inactive token discloses nothing else. */
  @Test
  void anInactiveTokenIsExactlyActiveFalse() throws Exception {
    assertThat(json(null)).isEqualTo("{\"active\":false}");
  }
}
