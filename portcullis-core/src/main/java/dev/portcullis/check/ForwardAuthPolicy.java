package dev.portcullis.check;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a deployment's forward-auth check accepts: which kinds of credential, and where a browser
 * without one is sent to sign in (none: it gets 401 like an API client).
 *
 * @param signInUrl an absolute http(s) URL or a path on the protected site; configured by the
 *     operator, so trusted; the return URL appended to it is checked (see {@link ForwardAuth#signInLocation})
 */
public record ForwardAuthPolicy(Set<Method> methods, Optional<String> signInUrl) {

  /** A kind of credential, with the name {@code X-Auth-Method} and {@code --check-methods} use. */
  public enum Method {
    SESSION("session"), JWT("jwt"), API_KEY("api_key");

    private final String wireName;

    Method(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Method parse(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      return Arrays.stream(values()).filter(m -> m.wireName.equals(n)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not one of session, jwt, api_key"));
    }
  }

  public static final ForwardAuthPolicy DEFAULT = new ForwardAuthPolicy(EnumSet.allOf(Method.class), Optional.empty());

  /** {@link #DEFAULT}'s methods as {@code --check-methods} writes them. */
  public static final String DEFAULT_METHODS = "session,jwt,api_key";

  public ForwardAuthPolicy {
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("at least one of session, jwt, api_key must be accepted");
    }
    methods = Set.copyOf(methods);
    signInUrl.ifPresent(ForwardAuthPolicy::checkSignInUrl);
  }

  /** From {@code --check-methods} (comma-separated) and {@code --check-signin-url} (null or blank: none). */
  public static ForwardAuthPolicy parse(String methodsCsv, String signInUrl) {
    EnumSet<Method> methods = EnumSet.noneOf(Method.class);
    Arrays.stream(methodsCsv.split(",")).filter(s -> !s.isBlank()).map(Method::parse).forEach(methods::add);
    return new ForwardAuthPolicy(methods,
        signInUrl == null || signInUrl.isBlank() ? Optional.empty() : Optional.of(signInUrl.trim()));
  }

  public boolean accepts(Method method) {
    return methods.contains(method);
  }

  private static void checkSignInUrl(String url) {
    try {
      URI uri = new URI(url);
      boolean absolute = uri.getScheme() != null
          && Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null;
      boolean path = uri.getScheme() == null && uri.getRawAuthority() == null && url.startsWith("/");
      if ((absolute || path) && uri.getRawFragment() == null) {
        return;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw new IllegalArgumentException(
        "'" + url + "' is not a sign-in URL like https://auth.example.com/signin or /signin");
  }
}
