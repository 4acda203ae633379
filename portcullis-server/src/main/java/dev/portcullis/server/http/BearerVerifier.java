package dev.portcullis.server.http;

import dev.portcullis.auth.Principal;
import java.util.Optional;

/**
 * One kind of bearer credential (access token, API key). Returns empty for a token that is not of
 * its kind; throws {@link dev.portcullis.error.AuthenticationException} for one that is, but fails.
 */
public interface BearerVerifier {
  Optional<Principal> verify(String token);
}
