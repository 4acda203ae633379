package dev.portcullis.server.http;

import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthException;
import java.util.Optional;

/**
 * {@code WWW-Authenticate} values. RFC 9110 section 15.5.2: every 401 carries a challenge; RFC 6750
 * section 3: a bearer challenge names the realm and, when a token was presented and failed, the error
 * ({@code invalid_token}, or {@code insufficient_scope} with the scope on a 403); RFC 6749 section
 * 5.2: a failed client authentication at the token endpoints is challenged with {@code Basic}.
 * Descriptions are the client-facing messages, which never carry a secret or a token.
 */
public final class Challenges {
  /** One fixed realm: instances behind one address must challenge alike, whatever their issuer. */
  public static final String REALM = "portcullis";

  private Challenges() {}

  /** The plain bearer challenge: what a request without (valid) credentials is asked for. */
  public static String bearer() {
    return "Bearer realm=" + quote(REALM);
  }

  /** The challenge of the token, revocation and introspection endpoints for a failed client. */
  public static String basic() {
    return "Basic realm=" + quote(REALM);
  }

  /** The challenge for a 401 or 403 from the general API, if that status calls for one. */
  public static Optional<String> forFailure(AuthException e, int status) {
    if (status == 401) {
      return Optional.of("invalid_token".equals(e.code()) ? bearer("invalid_token", e.getMessage(), null) : bearer());
    }
    if (status == 403 && e instanceof AccessDeniedException denied
        && AccessDeniedException.INSUFFICIENT_SCOPE.equals(denied.code())) {
      return Optional.of(bearer(denied.code(), denied.getMessage(), denied.requiredScope()));
    }
    return Optional.empty();
  }

  private static String bearer(String error, String description, String scope) {
    StringBuilder b = new StringBuilder(bearer())
        .append(", error=").append(quote(error))
        .append(", error_description=").append(quote(description));
    if (scope != null && !scope.isEmpty()) {
      b.append(", scope=").append(quote(scope));
    }
    return b.toString();
  }

  /**
   * An RFC 9110 quoted-string. RFC 6750 also limits error_description to printable ASCII other than
   * {@code "} and {@code \}, so anything else is dropped rather than escaped.
   */
  private static String quote(String value) {
    StringBuilder b = new StringBuilder("\"");
    value.chars().filter(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\').forEach(c -> b.append((char) c));
    return b.append('"').toString();
  }
}
