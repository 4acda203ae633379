package dev.portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The challenge mapping. No route of the server needs a scope yet, so {@code insufficient_scope} is
 * proven here and over HTTP against a bare app in {@code WwwAuthenticateIT}.
 */
class ChallengesTest {

  /** RFC 9110 section 15.5.2: a 401 always carries a challenge; RFC 6750 section 3: no error without a token. */
  @Test
  void every401IsChallengedAndOnlyAFailedTokenNamesAnError() {
    assertThat(Challenges.forFailure(AuthenticationException.unauthenticated(), 401))
        .hasValue("Bearer realm=\"portcullis\"");
    assertThat(Challenges.forFailure(AuthenticationException.sessionExpired("gone"), 401))
        .hasValue("Bearer realm=\"portcullis\"");
    assertThat(Challenges.forFailure(AuthenticationException.invalidToken("jti x expired at t"), 401))
        .hasValue("Bearer realm=\"portcullis\", error=\"invalid_token\", error_description=\"The access token is invalid.\"");
  }

  /** RFC 6750 section 3.1: insufficient_scope on a 403, with the scope the request needed. */
  @Test
  void insufficientScopeIsA403ChallengeNamingTheRequiredScope() {
    AccessDeniedException e = AccessDeniedException.insufficientScope(List.of("orders:write", "orders:read"));
    assertThat(ErrorHandling.status(e)).isEqualTo(403);
    assertThat(e.code()).isEqualTo("insufficient_scope");
    assertThat(e.requiredScope()).isEqualTo("orders:read orders:write");
    assertThat(Challenges.forFailure(e, 403)).hasValue("Bearer realm=\"portcullis\", error=\"insufficient_scope\", "
        + "error_description=\"The credential lacks the scope this request needs.\", scope=\"orders:read orders:write\"");
    assertThatThrownBy(() -> AccessDeniedException.insufficientScope(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherRefusalsCarryNoChallenge() {
    assertThat(Challenges.forFailure(AccessDeniedException.forbidden(), 403)).isEmpty();
    assertThat(Challenges.forFailure(AccessDeniedException.csrf("missing"), 403)).isEmpty();
    assertThat(Challenges.forFailure(new InvalidRequestException("bad"), 400)).isEmpty();
    assertThat(AccessDeniedException.forbidden().requiredScope()).isEmpty();
  }

  /** RFC 6749 section 5.2: failed client authentication at the token endpoints is challenged with Basic. */
  @Test
  void clientAuthenticationIsChallengedWithBasic() {
    assertThat(Challenges.basic()).isEqualTo("Basic realm=\"portcullis\"");
  }
}
