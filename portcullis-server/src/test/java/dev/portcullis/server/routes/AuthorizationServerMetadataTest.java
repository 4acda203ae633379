package dev.portcullis.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.server.http.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8414 section 2 metadata on the wire. */
class AuthorizationServerMetadataTest {
  @Test
  void membersAreInTheirRfcNamesAndOrder() throws Exception {
    assertThat(Json.MAPPER.writeValueAsString(AuthorizationServerMetadata.of("https://a.example", List.of("read"))))
        .isEqualTo("{\"issuer\":\"https://a.example\","
            + "\"authorization_endpoint\":\"https://a.example/oauth/authorize\","
            + "\"token_endpoint\":\"https://a.example/v1/token\","
            + "\"jwks_uri\":\"https://a.example/.well-known/jwks.json\","
            + "\"revocation_endpoint\":\"https://a.example/v1/token/revoke\","
            + "\"introspection_endpoint\":\"https://a.example/v1/token/introspect\","
            + "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\",\"client_credentials\",\"password\"],"
            + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\",\"none\"],"
            + "\"revocation_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\",\"none\"],"
            + "\"introspection_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"],"
            + "\"response_types_supported\":[\"code\"],\"response_modes_supported\":[\"query\"],"
            + "\"code_challenge_methods_supported\":[\"S256\"],"
            + "\"authorization_response_iss_parameter_supported\":true,\"scopes_supported\":[\"read\"]}");
  }
}
