package dev.portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Answer(String userId, Instant createdAt, List<String> roles, String absent) {}

  @Test
  void recordsAreWrittenSnakeCaseInDeclarationOrderWithIsoInstantsAndNulls() throws Exception {
    String json = Json.MAPPER.writeValueAsString(
        new Answer("u_1", Instant.parse("2030-01-01T00:00:00Z"), List.of("admin"), null));
    assertThat(json).isEqualTo(
        "{\"user_id\":\"u_1\",\"created_at\":\"2030-01-01T00:00:00Z\",\"roles\":[\"admin\"],\"absent\":null}");
  }
}
