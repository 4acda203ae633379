package dev.portcullis.sdk;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Protects servlet routes with Portcullis access tokens ({@code Authorization: Bearer}, RFC 6750
 * section 2.1). A request passes with a token that the {@link TokenAuthenticator} accepts and that
 * holds every required scope; the filter then puts a {@link PortcullisPrincipal} on it (attribute
 * {@link PortcullisPrincipal#ATTRIBUTE} and {@code getUserPrincipal()}; {@code isUserInRole(s)} is
 * true for each scope {@code s}). Otherwise it answers, with a JSON body {@code {"error", "message"}}
 * as the server's own errors:
 * <ul>
 *   <li>401 {@code WWW-Authenticate: Bearer realm="…"} without an error code when no bearer token
 *       was sent (RFC 6750 section 3.1);</li>
 *   <li>401 with {@code error="invalid_token"} and an {@code error_description} for a refused token;</li>
 *   <li>400 {@code invalid_request} for more than one {@code Authorization} header;</li>
 *   <li>403 {@code error="insufficient_scope"} with {@code scope="…"} (everything required) for a
 *       valid token that lacks a scope;</li>
 *   <li>503 with {@code Retry-After} when the JWKS or the introspection endpoint is unreachable:
 *       an outage is never reported as a bad token.</li>
 * </ul>
 * CORS preflights ({@code OPTIONS} with {@code Access-Control-Request-Method}) carry no credentials
 * and pass untouched.
 *
 * <p>Programmatic: {@code new PortcullisFilter(verifier, "orders:read")}. In {@code web.xml}, with
 * the no-argument constructor, init parameters {@code issuer} and {@code audience} (and optionally
 * {@code jwks-uri}) build a {@link TokenVerifier}; {@code required-scopes} (space-separated) and
 * {@code realm} apply to both ways.
 */
public final class PortcullisFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(PortcullisFilter.class.getName());

  private TokenAuthenticator authenticator;
  private Set<String> requiredScopes;
  private String realm = "portcullis";

  /** For containers that configure the filter with init parameters. */
  public PortcullisFilter() {
    this.requiredScopes = Set.of();
  }

  public PortcullisFilter(TokenAuthenticator authenticator, String... requiredScopes) {
    this.authenticator = java.util.Objects.requireNonNull(authenticator);
    this.requiredScopes = scopes(List.of(requiredScopes));
  }

  /** The realm of the challenges (RFC 6750 section 3): your API's name; "portcullis" by default. */
  public PortcullisFilter realm(String realm) {
    this.realm = quotable(realm);
    return this;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    String scopes = config.getInitParameter("required-scopes");
    if (scopes != null) {
      Set<String> all = new TreeSet<>(requiredScopes);
      all.addAll(AccessToken.parseScopes(scopes));
      requiredScopes = Set.copyOf(all);
    }
    if (config.getInitParameter("realm") != null) {
      realm(config.getInitParameter("realm"));
    }
    if (authenticator == null) {
      String issuer = config.getInitParameter("issuer");
      String audience = config.getInitParameter("audience");
      if (issuer == null || audience == null) {
        throw new ServletException("PortcullisFilter needs the init parameters issuer and audience");
      }
      TokenVerifier.Builder b = TokenVerifier.builder(issuer).audience(audience.split("\\s+"));
      if (config.getInitParameter("jwks-uri") != null) {
        b.jwksUri(URI.create(config.getInitParameter("jwks-uri")));
      }
      authenticator = b.build();
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      throw new ServletException("PortcullisFilter protects HTTP requests only");
    }
    if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
      chain.doFilter(req, res);
      return;
    }
    List<String> headers = Collections.list(request.getHeaders("Authorization"));
    if (headers.size() > 1) {
      answer(response, 400, challenge("invalid_request", "Send one Authorization header.", null),
          "invalid_request", "Send one Authorization header.");
      return;
    }
    String token = headers.isEmpty() ? null : bearerToken(headers.get(0));
    if (token == null) {
      // RFC 6750 section 3.1: no credentials, no error code
      answer(response, 401, "Bearer realm=\"" + realm + "\"", "unauthenticated", "A bearer access token is required.");
      return;
    }
    AccessToken verified;
    try {
      verified = authenticator.verify(token);
    } catch (TokenVerificationException e) {
      TokenVerificationException.Reason reason = e.reason();
      if (reason.httpStatus() == 503) {
        LOG.log(System.Logger.Level.WARNING, "cannot check bearer tokens: " + e.getMessage());
        response.setHeader("Retry-After", "5");
        answer(response, 503, null, "unavailable", reason.description());
      } else {
        LOG.log(System.Logger.Level.DEBUG, "refused a bearer token: " + e.getMessage());
        answer(response, 401, challenge(reason.bearerError(), reason.description(), null),
            reason.bearerError(), reason.description());
      }
      return;
    }
    if (!verified.hasScopes(requiredScopes)) {
      String scope = String.join(" ", new TreeSet<>(requiredScopes));
      String message = "The access token lacks a required scope.";
      answer(response, 403, challenge("insufficient_scope", message, scope), "insufficient_scope", message);
      return;
    }
    PortcullisPrincipal principal = new PortcullisPrincipal(verified);
    request.setAttribute(PortcullisPrincipal.ATTRIBUTE, principal);
    chain.doFilter(new AuthenticatedRequest(request, principal), response);
  }

  /** The token of {@code Bearer <token>} (scheme case-insensitive, RFC 9110 section 11.1), else null. */
  static String bearerToken(String header) {
    if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private String challenge(String error, String description, String scope) {
    StringBuilder b = new StringBuilder("Bearer realm=\"").append(realm).append('"')
        .append(", error=\"").append(error).append('"')
        .append(", error_description=\"").append(quotable(description)).append('"');
    if (scope != null) {
      b.append(", scope=\"").append(quotable(scope)).append('"');
    }
    return b.toString();
  }

  private static void answer(HttpServletResponse response, int status, String challenge, String error, String message)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    if (challenge != null) {
      response.setHeader("WWW-Authenticate", challenge);
    }
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    byte[] body = ("{\"error\":\"" + quotable(error) + "\",\"message\":\"" + quotable(message) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** RFC 6750 section 3: printable ASCII without {@code "} and {@code \}, safe in JSON strings too. */
  private static String quotable(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().filter(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\').forEach(c -> b.append((char) c));
    return b.toString();
  }

  private static Set<String> scopes(List<String> required) {
    for (String s : required) {
      if (s == null || s.isEmpty() || !s.equals(quotable(s)) || s.contains(" ")) {
        throw new IllegalArgumentException("not a scope token (RFC 6749 section 3.3): " + s);
      }
    }
    return Set.copyOf(required);
  }

  @Override
  public void destroy() {}

  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final PortcullisPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, PortcullisPrincipal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }

    @Override
    public String getAuthType() {
      return "Bearer";
    }

    @Override
    public boolean isUserInRole(String role) {
      return principal.scopes().contains(role);
    }
  }
}
