package dev.portcullis.token;

import dev.portcullis.client.Client;
import dev.portcullis.client.GrantType;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.OAuthException;
import java.util.List;

/**
 * RFC 7662 introspection for resource servers. The answer goes through the same verifier as every
 * other path, so "active" means exactly what a bearer request would be granted. A resource server
 * registered with an audience only sees tokens meant for it as active.
 */
public final class Introspection {
  private final AccessTokenVerifier verifier;
  private final TokenPolicy policy;

  /**
   * The answer: the token's verified claims when it is active, null when it is not (RFC 7662 keeps
   * the reason to itself, and so does this).
   */
  public record Result(VerifiedAccessToken token) {
    static final Result INACTIVE = new Result(null);

    public boolean active() {
      return token != null;
    }
  }

  public Introspection(AccessTokenVerifier verifier, TokenPolicy policy) {
    this.verifier = verifier;
    this.policy = policy;
  }

  /**
   * {@code invalid_client} unless {@code caller} authenticated (RFC 7662 section 2.1: a public
   * client's bare id proves nothing, and introspection tells what a token grants), then {@code
   * unauthorized_client} unless it is a resource server.
   */
  public Result introspect(Client caller, String token) {
    if (!caller.type().isConfidential()) {
      throw OAuthException.invalidClient("public client " + caller.id() + " cannot authenticate for introspection");
    }
    caller.type().require(GrantType.INTROSPECTION);
    if (token == null || token.isEmpty()) {
      return Result.INACTIVE;
    }
    List<String> audiences = caller.audienceIfSet().map(List::of).orElse(policy.audiences());
    try {
      VerifiedAccessToken t = verifier.verify(token, audiences);
      return new Result(t);
    } catch (AuthenticationException e) {
      // RFC 7662: an invalid token is not an error, only inactive, and the reason is not disclosed
      return Result.INACTIVE;
    }
  }
}
