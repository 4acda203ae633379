package dev.portcullis.csrf;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which origins may send state-changing requests: the server's own and the configured ones, by
 * exact match of scheme, host and port. Also reads {@code Sec-Fetch-Site}, which browsers send on
 * every request and a page cannot forge.
 */
public final class OriginPolicy {
  private final Set<String> allowed;

  public OriginPolicy(Set<String> allowedOrigins) {
    this.allowed = allowedOrigins.stream().map(OriginPolicy::canonical).collect(Collectors.toUnmodifiableSet());
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
   * if absent); {@code ownOrigin} is this server's origin as the client sees it.
   *
   * @return null if allowed, otherwise the reason (for the log)
   */
  public String refuse(String origin, String secFetchSite, String ownOrigin) {
    if (origin != null) {
      String o = canonical(origin);
      if ("null".equals(o)) {
        return "Origin: null";
      }
      if (o.equals(canonical(ownOrigin)) || allowed.contains(o)) {
        return null;
      }
      return "foreign Origin " + origin;
    }
    if (secFetchSite != null && "cross-site".equals(secFetchSite.trim().toLowerCase(Locale.ROOT))) {
      return "Sec-Fetch-Site: cross-site without an allowed Origin";
    }
    return null;
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
