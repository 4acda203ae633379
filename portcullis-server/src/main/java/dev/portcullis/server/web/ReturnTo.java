package dev.portcullis.server.web;

import dev.portcullis.csrf.OriginPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a sign-in page sends the browser afterwards. It comes from the URL, which anyone can write
 * into a link, so it is kept only if it is a path of this server ({@code /oauth/authorize?…},
 * {@code /}, never {@code //evil.example} or {@code /\evil.example}, which browsers read as another
 * host) or an absolute http(s) URL of the public origin or an {@code --allowed-origins} origin (the
 * app forward auth sent to sign in), never with user info or control characters. Anything else
 * falls back to {@code /}: the same rule as forward auth's {@code return_to}.
 */
public final class ReturnTo {
  public static final String PARAMETER = "return_to";
  public static final String HOME = "/";
  private static final int MAX_LENGTH = 4096;
  /** Matches no origin: the request's own Host must not decide where a browser is sent. */
  private static final String NO_FALLBACK_ORIGIN = "invalid:";

  private final OriginPolicy origins;

  public ReturnTo(OriginPolicy origins) {
    this.origins = origins;
  }

  /** {@code value} if it is a safe local path, else empty. */
  public static Optional<String> localPath(String value) {
    if (!printable(value) || !value.startsWith("/") || value.startsWith("//")) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  public static String orHome(String value) {
    return localPath(value).orElse(HOME);
  }

  /** {@code value} if it is a local path or a URL of an allowed origin, else empty. */
  public Optional<String> safe(String value) {
    return localPath(value).or(() -> allowedOrigin(value).map(origin -> value));
  }

  /** The origin of {@code value} if it is an absolute URL of an allowed origin (a CSP source too). */
  public Optional<String> allowedOrigin(String value) {
    if (!printable(value) || value.startsWith("/")) {
      return Optional.empty();
    }
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null) {
        return Optional.empty();
      }
      String origin = scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
      return origins.refuse(origin, null, NO_FALLBACK_ORIGIN) == null ? Optional.of(origin) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static boolean printable(String value) {
    return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH
        && value.chars().noneMatch(c -> c < 0x21 || c == 0x7F || c == '\\');
  }
}
