package dev.portcullis.check;

import dev.portcullis.csrf.OriginPolicy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The sign-in redirect of forward auth. The return URL comes from a header the client can shape,
 * so it is kept only if it is a plain path ({@code /app?x=1}, never {@code //evil} or
 * {@code /\evil}, which browsers read as another host) or an absolute http(s) URL of the server's
 * public origin or an allowed origin. Anything else is dropped: the browser still goes to sign in.
 */
final class SignInRedirect {
  static final String RETURN_PARAMETER = "return_to";
  private static final int MAX_RETURN_LENGTH = 2048;

  private final Optional<String> signInUrl;
  private final OriginPolicy origins;

  SignInRedirect(Optional<String> signInUrl, OriginPolicy origins) {
    this.signInUrl = signInUrl;
    this.origins = origins;
  }

  Optional<String> location(String originalUri) {
    return signInUrl.map(url -> safeReturn(originalUri)
        .map(back -> url + (url.contains("?") ? "&" : "?") + RETURN_PARAMETER + "="
            + URLEncoder.encode(back, StandardCharsets.UTF_8))
        .orElse(url));
  }

  private Optional<String> safeReturn(String uri) {
    if (uri == null || uri.isEmpty() || uri.length() > MAX_RETURN_LENGTH
        || uri.chars().anyMatch(c -> c < 0x21 || c == 0x7F || c == '\\')) {
      return Optional.empty();
    }
    if (uri.startsWith("/")) {
      return uri.startsWith("//") ? Optional.empty() : Optional.of(uri);
    }
    return origins.allowedOriginOfUrl(uri).map(origin -> uri);
  }
}
