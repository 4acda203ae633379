package dev.portcullis.server.web;

import java.util.Optional;

/**
 * Where a sign-in page sends the browser afterwards. It comes from the URL, which anyone can write
 * into a link, so only a path of this server is kept: {@code /oauth/authorize?…} or {@code /}, never
 * {@code //evil.example} or {@code /\evil.example} (which browsers read as another host), nor an
 * absolute URL, nor anything with control characters. Anything else falls back to {@code /}.
 */
public final class ReturnTo {
  public static final String PARAMETER = "return_to";
  public static final String HOME = "/";
  private static final int MAX_LENGTH = 4096;

  private ReturnTo() {}

  /** {@code value} if it is a safe local path, else empty. */
  public static Optional<String> safe(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !value.startsWith("/")
        || value.startsWith("//") || value.chars().anyMatch(c -> c < 0x21 || c == 0x7F || c == '\\')) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  public static String orHome(String value) {
    return safe(value).orElse(HOME);
  }
}
