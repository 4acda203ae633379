package dev.portcullis.server.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.token.TokenResponse;

/**
 * A successful token-endpoint answer on the wire (RFC 6749 section 5.1): {@code refresh_token} only
 * when one was issued, {@code scope} only when the grant has one (section 3.3: an empty scope is
 * omitted, never {@code ""}). Both tokens are bearer secrets: kept out of toString.
 */
public record TokenAnswer(
    String accessToken,
    String tokenType,
    long expiresIn,
    @JsonInclude(JsonInclude.Include.NON_NULL) String refreshToken,
    @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {

  public static TokenAnswer of(TokenResponse r) {
    String scope = r.scope() == null || r.scope().isEmpty() ? null : r.scope();
    return new TokenAnswer(r.accessToken(), r.tokenType(), r.expiresIn(), r.refreshToken(), scope);
  }

  @Override
  public String toString() {
    return "TokenAnswer[expiresIn=" + expiresIn + ", scope=" + scope + ", refresh=" + (refreshToken != null) + "]";
  }
}
