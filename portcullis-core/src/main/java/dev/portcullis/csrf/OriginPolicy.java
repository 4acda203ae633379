package dev.portcullis.csrf;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which origins may send state-changing requests: the server's own and the configured ones, by
 * exact match of scheme, host and port. Also reads {@code Sec-Fetch-Site}, which browsers send on
 * every request and a page cannot forge.
 *
 * <p>The server's own origin is its public URL's when one is configured. Only without one is it
 * taken from the request (its {@code Host}), which a non-browser client, a DNS-rebinding page or
 * a proxy passing the client's {@code Host} along can choose.
 */
public final class OriginPolicy {
  /** Matches no origin: stands for the request's own origin where the Host must not count. */
  private static final String NO_FALLBACK_ORIGIN = "invalid:";
  private final Set<String> allowed;
  private final Optional<String> publicOrigin;

  public OriginPolicy(Set<String> allowedOrigins) {
    this(allowedOrigins, Optional.empty());
  }

  /** {@code publicOrigin}: this server's origin as browsers reach it, if known (see {@link #originOf}). */
  public OriginPolicy(Set<String> allowedOrigins, Optional<String> publicOrigin) {
    this.allowed = allowedOrigins.stream().map(OriginPolicy::canonical).collect(Collectors.toUnmodifiableSet());
    this.publicOrigin = publicOrigin.map(OriginPolicy::canonical);
  }

  public Set<String> allowedOrigins() {
    return allowed;
  }

  /** True if a CORS answer may name this origin. */
  public boolean isAllowedCrossOrigin(String origin) {
    return origin != null && allowed.contains(canonical(origin));
  }

  /**
   * Decides an unsafe request. {@code origin} and {@code secFetchSite} are the headers as sent (null
   * if absent); {@code requestOrigin} is this server's origin as the request names it (its Host),
   * used only when no public origin is configured.
   *
   * @return null if allowed, otherwise the reason (for the log)
   */
  public String refuse(String origin, String secFetchSite, String requestOrigin) {
    if (origin != null) {
      String o = canonical(origin);
      if ("null".equals(o)) {
        return "Origin: null";
      }
      if (o.equals(publicOrigin.orElseGet(() -> canonical(requestOrigin))) || allowed.contains(o)) {
        return null;
      }
      return "foreign Origin " + origin;
    }
    if (secFetchSite != null && "cross-site".equals(secFetchSite.trim().toLowerCase(Locale.ROOT))) {
      return "Sec-Fetch-Site: cross-site without an allowed Origin";
    }
    return null;
  }

  /**
   * The origin of {@code url} if it is an absolute http(s) URL without user info whose origin is the
   * public one or an allowed one, else empty: where a browser may be sent back to after signing in.
   * Never judged by the request's Host, which the client chooses.
   */
  public Optional<String> allowedOriginOfUrl(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null) {
        return Optional.empty();
      }
      String origin = scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
      return refuse(origin, null, NO_FALLBACK_ORIGIN) == null ? Optional.of(origin) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * The origin (RFC 6454: scheme, host, port) of an absolute http(s) URL such as a server's public
   * URL; a path is allowed and dropped, user info, query and fragment are not.
   *
   * @throws IllegalArgumentException if {@code url} is not such a URL
   */
  public static String originOf(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + url + "' is not an http(s) URL like https://auth.example.com");
    }
    return canonical(scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
  }

  static String canonical(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    while (o.endsWith("/")) {
      o = o.substring(0, o.length() - 1);
    }
    if (o.startsWith("http://") && o.endsWith(":80")) {
      o = o.substring(0, o.length() - 3);
    } else if (o.startsWith("https://") && o.endsWith(":443")) {
      o = o.substring(0, o.length() - 4);
    }
    return o;
  }
}
