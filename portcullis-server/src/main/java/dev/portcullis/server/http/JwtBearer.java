package dev.portcullis.server.http;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.auth.Principal;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.token.AccessTokenVerifier;
import dev.portcullis.token.VerifiedAccessToken;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * Access tokens (JWS, three dot-separated parts) through the one core verifier. A user's roles are
 * read from the account on each request, never taken from the token.
 */
public final class JwtBearer implements BearerVerifier {
  private final AccessTokenVerifier verifier;
  private final AccountStore accounts;

  public JwtBearer(AccessTokenVerifier verifier, AccountStore accounts) {
    this.verifier = verifier;
    this.accounts = accounts;
  }

  @Override
  public Optional<Principal> verify(String token, Context ctx) {
    if (!looksLikeJws(token)) {
      return Optional.empty();
    }
    AccessTokenVerifier.Verified v = verifier.verifyForRequest(token);
    VerifiedAccessToken t = v.token();
    if (!t.isUserToken()) {
      return Optional.of(new Principal(null, "jwt", Set.of(), t.scopes(), null, t.clientId()));
    }
    Account account = accounts.findById(t.subject(), v.accountCounter())
        .orElseThrow(() -> AuthenticationException.invalidToken("token of a deleted account"));
    return Optional.of(new Principal(account.id(), "jwt", account.roles(), t.scopes(), t.familyId(), t.clientId()));
  }

  static boolean looksLikeJws(String token) {
    int first = token.indexOf('.');
    return first > 0 && token.indexOf('.', first + 1) > first + 1 && !token.startsWith("pcl_");
  }
}
