package dev.portcullis.token;

import java.util.Optional;

/**
 * What a successful grant issued (RFC 6749 section 5.1). {@code refreshToken} is null for the
 * client-credentials grant; {@code scope} is the granted scope, space-separated, "" when there is
 * none. Both tokens are bearer secrets: never logged, kept out of toString. The server decides how
 * it is written on the wire.
 */
public record TokenResponse(
    String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {

  public static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken, String scope) {
    return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken, scope);
  }

  public Optional<String> refreshTokenIfIssued() {
    return Optional.ofNullable(refreshToken);
  }

  @Override
  public String toString() {
    return "TokenResponse[expiresIn=" + expiresIn + ", scope=" + scope
        + ", refresh=" + (refreshToken != null) + "]";
  }
}
