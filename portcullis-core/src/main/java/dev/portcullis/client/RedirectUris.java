package dev.portcullis.client;

import dev.portcullis.error.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Redirect URIs: what may be registered, and when a requested one matches. Matching is exact string
 * comparison (RFC 9700 §2.1, RFC 6749 §3.1.2.3), with the one exception RFC 8252 §7.3 makes for
 * native apps: an {@code http} redirect to a loopback IP literal matches on any port, because the
 * app listens on whatever port the OS gave it.
 *
 * <p>Registrable (RFC 8252 §7): {@code https} URIs (claimed https for apps, a web origin for
 * browser apps); {@code http} only to the loopback IP literals {@code 127.0.0.1} and {@code [::1]}
 * ({@code localhost} is refused, §8.3: it can resolve elsewhere); and for mobile clients private-use
 * schemes in reverse-domain form ({@code com.example.app:/callback}, §7.1), which keeps out
 * {@code javascript:}, {@code data:}, {@code file:} and friends. No fragment (RFC 6749 §3.1.2), no
 * user info, at most {@value #MAX_URIS} of at most {@value #MAX_LENGTH} characters each.
 */
public final class RedirectUris {
  static final int MAX_URIS = 10;
  static final int MAX_LENGTH = 2000;

  private RedirectUris() {}

  /**
   * Validates {@code uris} for a client of {@code type} that uses the code flow if {@code codeFlow};
   * throws {@code invalid_request} with the reason.
   */
  public static List<String> validate(ClientType type, Collection<String> uris, boolean codeFlow) {
    if (uris == null || uris.isEmpty()) {
      if (codeFlow) {
        throw new InvalidRequestException("redirect_uris is required for a " + type.wireName()
            + " client (RFC 7591): the exact URIs the authorization endpoint may send the browser back to.");
      }
      return List.of();
    }
    if (!type.usesRedirects()) {
      throw new InvalidRequestException("A " + type.wireName() + " client has no redirect_uris.");
    }
    if (uris.size() > MAX_URIS) {
      throw new InvalidRequestException("At most " + MAX_URIS + " redirect_uris.");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String uri : uris) {
      String refusal = refusal(type, uri);
      if (refusal != null) {
        throw new InvalidRequestException("redirect_uris: " + refusal);
      }
      out.add(uri);
    }
    return new ArrayList<>(out);
  }

  /** Why {@code uri} cannot be registered, or null if it can. */
  static String refusal(ClientType type, String uri) {
    if (uri == null || uri.isEmpty() || uri.length() > MAX_LENGTH
        || uri.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
      return "each must be an absolute URI of at most " + MAX_LENGTH + " visible ASCII characters.";
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return "'" + uri + "' is not a URI.";
    }
    if (!u.isAbsolute() || u.getRawFragment() != null || u.getRawUserInfo() != null) {
      return "'" + uri + "' must be absolute, without a fragment or user info (RFC 6749 §3.1.2).";
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return u.getHost() == null ? "'" + uri + "' has no host." : null;
    }
    if (scheme.equals("http")) {
      return isLoopback(u) ? null : "'" + uri + "': plain http only to 127.0.0.1 or [::1] (RFC 8252 §7.3, §8.3).";
    }
    if (type == ClientType.MOBILE && scheme.contains(".")) {
      return null; // a private-use scheme, reverse-domain form (RFC 8252 §7.1)
    }
    return "'" + uri + "': the scheme must be https, http to a loopback address, or (mobile) a reverse-domain "
        + "private-use scheme such as com.example.app (RFC 8252 §7.1).";
  }

  /** True if {@code requested} may be used where {@code registered} was registered. */
  public static boolean matches(String registered, String requested) {
    if (registered.equals(requested)) {
      return true;
    }
    try {
      URI r = new URI(registered);
      URI q = new URI(requested);
      return "http".equals(r.getScheme()) && "http".equals(q.getScheme()) && isLoopback(r) && isLoopback(q)
          && r.getHost().equals(q.getHost()) && q.getRawUserInfo() == null
          && withoutPort(r).equals(withoutPort(q));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The registered URI that {@code requested} matches, if any. */
  public static java.util.Optional<String> find(Client client, String requested) {
    if (requested == null) {
      return java.util.Optional.empty();
    }
    return client.redirectUris().stream().filter(r -> matches(r, requested)).findFirst();
  }

  private static boolean isLoopback(URI u) {
    return "127.0.0.1".equals(u.getHost()) || "[::1]".equals(u.getHost());
  }

  private static String withoutPort(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getRawPath() == null ? "" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()) + (u.getRawFragment() == null ? "" : "#");
  }
}
