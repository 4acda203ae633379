package dev.portcullis.server.http;

import dev.portcullis.auth.Principal;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * One kind of bearer credential (access token, API key). Returns empty for a token that is not of
 * its kind; throws {@link dev.portcullis.error.AuthenticationException} for one that is, but fails.
 */
public interface BearerVerifier {
  /** {@code ctx} is the request, for where it came from and for answer headers (an API key's RateLimit). */
  Optional<Principal> verify(String token, Context ctx);
}
