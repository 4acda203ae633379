package dev.portcullis.server.web;

import dev.portcullis.csrf.OriginPolicy;
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
    return origins.allowedOriginOfUrl(value);
  }

  private static boolean printable(String value) {
    return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH
        && value.chars().noneMatch(c -> c < 0x21 || c == 0x7F || c == '\\');
  }
}
