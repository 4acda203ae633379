package dev.portcullis.token;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A successful token-endpoint answer (RFC 6749 section 5.1). {@code refreshToken} is null for the
 * client-credentials grant. Both tokens are bearer secrets: never logged, kept out of toString.
 */
public record TokenResponse(
    String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {

  public static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken, String scope) {
    return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken, scope);
  }

  public Optional<String> refreshTokenIfIssued() {
    return Optional.ofNullable(refreshToken);
  }

  /**
   * The JSON body, in the wire names; {@code refresh_token} only when one was issued, {@code scope}
   * only when the grant has one (RFC 6749 section 3.3: an empty scope is omitted, never {@code ""}).
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", accessToken);
    m.put("token_type", tokenType);
    m.put("expires_in", expiresIn);
    if (refreshToken != null) {
      m.put("refresh_token", refreshToken);
    }
    if (scope != null && !scope.isEmpty()) {
      m.put("scope", scope);
    }
    return m;
  }

  @Override
  public String toString() {
    return "TokenResponse[expiresIn=" + expiresIn + ", scope=" + scope
        + ", refresh=" + (refreshToken != null) + "]";
  }
}
