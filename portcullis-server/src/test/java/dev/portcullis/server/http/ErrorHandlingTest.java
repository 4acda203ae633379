package dev.portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.ConflictException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.error.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one table from failure to status, and the framework's own errors. */
class ErrorHandlingTest {
  /** An AuthException of no known branch: the table's fallback. */
  private static final class Unmapped extends AuthException {
    Unmapped() {
      super("odd", "odd", null, null);
    }
  }

  @Test
  void everyBranchHasItsStatus() {
    assertThat(ErrorHandling.status(AuthenticationException.unauthenticated())).isEqualTo(401);
    assertThat(ErrorHandling.status(AuthenticationException.invalidToken("x"))).isEqualTo(401);
    assertThat(ErrorHandling.status(AccessDeniedException.forbidden())).isEqualTo(403);
    assertThat(ErrorHandling.status(AccessDeniedException.insufficientScope(List.of("read")))).isEqualTo(403);
    assertThat(ErrorHandling.status(new InvalidRequestException("bad"))).isEqualTo(400);
    assertThat(ErrorHandling.status(new NotFoundException("gone"))).isEqualTo(404);
    assertThat(ErrorHandling.status(new ConflictException("taken"))).isEqualTo(409);
    assertThat(ErrorHandling.status(new RateLimitedException(Duration.ofSeconds(3), "x"))).isEqualTo(429);
    assertThat(ErrorHandling.status(new StoreUnavailableException("down", null))).isEqualTo(503);
    assertThat(ErrorHandling.status(new Unmapped())).isEqualTo(500);
  }

  /** RFC 6749 section 5.2: invalid_client is 401, every other token-endpoint error 400. */
  @Test
  void invalidClientIsA401AndEveryOtherOAuthCodeA400() {
    assertThat(ErrorHandling.status(OAuthException.invalidClient("x"))).isEqualTo(401);
    assertThat(ErrorHandling.status(OAuthException.invalidRequest("d"))).isEqualTo(400);
    assertThat(ErrorHandling.status(OAuthException.invalidGrant("d", "x"))).isEqualTo(400);
    assertThat(ErrorHandling.status(OAuthException.unauthorizedClient("x"))).isEqualTo(400);
    assertThat(ErrorHandling.status(OAuthException.unsupportedGrantType("x"))).isEqualTo(400);
    assertThat(ErrorHandling.status(OAuthException.invalidScope("x"))).isEqualTo(400);
  }

  @Test
  void frameworkErrorsHaveOneCodeAndMessagePerStatus() {
    assertThat(List.of(400, 401, 404, 405, 413, 431, 500, 503, 418).stream().map(FrameworkError::of)
        .map(f -> f.status() + " " + f.code() + " " + f.message()).toList()).containsExactly(
        "400 invalid_request The request is malformed.",
        "401 unauthenticated Authentication is required.",
        "404 not_found No such resource.",
        "405 method_not_allowed This method is not allowed here.",
        "413 payload_too_large The request body is too large.",
        "431 headers_too_large The request headers are too large.",
        "500 internal_error Something went wrong on our side.",
        "503 internal_error Something went wrong on our side.",
        "418 invalid_request The request could not be served.");
  }

  /** RFC 9110 section 15.5.2: every 401 carries a challenge, and only a 401 here. */
  @Test
  void onlyAFramework401CarriesTheBearerChallenge() {
    assertThat(FrameworkError.of(401).challenge()).contains("Bearer realm=\"portcullis\"");
    assertThat(FrameworkError.of(404).challenge()).isEmpty();
    assertThat(FrameworkError.of(431).challenge()).isEmpty();
  }

  @Test
  void errorBodiesAreWrittenInTheirWireNames() throws Exception {
    assertThat(Json.MAPPER.writeValueAsString(FrameworkError.of(431).body()))
        .isEqualTo("{\"error\":\"headers_too_large\",\"message\":\"The request headers are too large.\"}");
    assertThat(Json.MAPPER.writeValueAsString(new ErrorHandling.OAuthErrorBody("invalid_grant", "No.")))
        .isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"No.\"}");
  }
}
