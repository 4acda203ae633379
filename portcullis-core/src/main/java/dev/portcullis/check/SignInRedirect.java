package dev.portcullis.check;

import dev.portcullis.csrf.OriginPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
  /** Matches no origin: the request's own Host must not decide where a browser is sent. */
  private static final String NO_FALLBACK_ORIGIN = "invalid:";

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
    try {
      URI u = new URI(uri);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null) {
        return Optional.empty();
      }
      String origin = scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
      return origins.refuse(origin, null, NO_FALLBACK_ORIGIN) == null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
