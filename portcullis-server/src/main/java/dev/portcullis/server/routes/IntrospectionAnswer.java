package dev.portcullis.server.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.client.Scopes;
import dev.portcullis.token.Introspection;
import dev.portcullis.token.VerifiedAccessToken;

/** The RFC 7662 section 2.2 answer: an active token's members, or exactly {@code {"active": false}}. */
public sealed interface IntrospectionAnswer {
  static IntrospectionAnswer of(Introspection.Result result) {
    return result.active() ? Active.of(result.token()) : Inactive.INSTANCE;
  }

  /** Why a token is inactive is not disclosed (RFC 7662 section 2.2). */
  record Inactive(boolean active) implements IntrospectionAnswer {
    static final Inactive INSTANCE = new Inactive(false);
  }

  /**
   * {@code scope} only when the token has one (RFC 6749 section 3.3: never ""), {@code sid} only for
   * a user's token; {@code aud} is a string for one audience, else an array (RFC 7519 section 4.1.3).
   */
  record Active(
      boolean active,
      @JsonInclude(JsonInclude.Include.NON_NULL) String scope,
      String clientId,
      String tokenType,
      long exp,
      long iat,
      long nbf,
      String sub,
      Object aud,
      String iss,
      String jti,
      @JsonInclude(JsonInclude.Include.NON_NULL) String sid) implements IntrospectionAnswer {

    static Active of(VerifiedAccessToken t) {
      return new Active(true, t.scopes().isEmpty() ? null : Scopes.format(t.scopes()), t.clientId(), "Bearer",
          t.expiresAt().getEpochSecond(), t.issuedAt().getEpochSecond(), t.notBefore().getEpochSecond(),
          t.subject(), t.audience().size() == 1 ? t.audience().get(0) : t.audience(), t.issuer(), t.jti(),
          t.familyId());
    }
  }
}
