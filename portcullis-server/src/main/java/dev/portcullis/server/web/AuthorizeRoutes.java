package dev.portcullis.server.web;

import dev.portcullis.client.ClientService;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Authenticator;
import dev.portcullis.server.routes.AuthorizationServerMetadata;
import dev.portcullis.session.SessionService;
import dev.portcullis.token.AuthorizationCodes;
import dev.portcullis.token.AuthorizationRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint (RFC 6749 §4.1.1, PKCE per RFC 7636 with S256 only): a browser the
 * app sent here signs in on this server's own page, then goes back to the app's registered redirect
 * URI with a single-use {@code code}, the app's {@code state} and {@code iss} (RFC 9207 §2, against
 * mix-up attacks). Every client is registered by an administrator, so every client is first-party
 * and no consent page is shown.
 *
 * <p>While the client or the redirect URI is in doubt, nothing is redirected anywhere (an open
 * redirector otherwise, RFC 6749 §4.1.2.1): the browser gets an error page. After that, errors go
 * back to the app as {@code error}, {@code error_description}, {@code state} and {@code iss}.
 */
public final class AuthorizeRoutes {
  public static final String PATH = AuthorizationServerMetadata.AUTHORIZATION_PATH;

  private final ClientService clients;
  private final AuthorizationCodes codes;
  private final Authenticator authenticator;
  private final String issuer;

  public AuthorizeRoutes(ClientService clients, AuthorizationCodes codes, Authenticator authenticator, String issuer) {
    this.clients = clients;
    this.codes = codes;
    this.authenticator = authenticator;
    this.issuer = issuer;
  }

  public void register(RoutesConfig r) {
    Pages.page(r, PATH);
    r.get(PATH, this::authorize, Access.PUBLIC);
  }

  private void authorize(Context ctx) {
    Map<String, List<String>> params;
    try {
      params = query(ctx.queryString() == null ? "" : ctx.queryString());
    } catch (IllegalArgumentException e) {
      // a parameter that cannot be read cannot be left out either: the state the app would get
      // back would not be the one it sent (RFC 6749 §4.1.2). Nothing is validated, so a page.
      throw new InvalidRequestException("The request's parameters are not UTF-8 percent-encoded (RFC 6749 appendix B).");
    }
    AuthorizationRequest.Parsed parsed = AuthorizationRequest.parse(params, clients);
    if (parsed.refusal().isPresent()) {
      AuthorizationRequest.Refusal no = parsed.refusal().get();
      redirect(ctx, no.redirectUri(), "error", no.error(), "error_description", no.description(), "state", no.state(),
          "iss", issuer);
      return;
    }
    AuthorizationRequest request = parsed.request().orElseThrow();
    Optional<SessionService.Validated> session = authenticator.browserSession(ctx);
    if (session.isEmpty()) {
      String here = PATH + "?" + ctx.queryString();
      Pages.seeOther(ctx, PageRoutes.SIGN_IN + "?" + ReturnTo.PARAMETER + "=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
      return;
    }
    String code = codes.issue(request, session.get().account());
    redirect(ctx, request.redirectUri(), "code", code, "state", request.state(), "iss", issuer);
  }

  /** RFC 6749 §4.1.2: the parameters are added to the redirect URI's query, keeping what it has. */
  private static void redirect(Context ctx, String redirectUri, String... kv) {
    StringBuilder b = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        if (b.charAt(b.length() - 1) != '?' && b.charAt(b.length() - 1) != '&') {
          b.append('&');
        }
        b.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
      }
    }
    ctx.status(302).header("Location", b.toString());
  }

  /**
   * The CSP source of the redirect URI a sign-in that continues to {@code returnTo} will end at, if
   * {@code returnTo} is an authorization request whose client and redirect URI are valid: browsers
   * apply the sign-in form's {@code form-action} to every redirect after the submission.
   */
  public Optional<String> formTarget(String returnTo) {
    if (returnTo == null || !returnTo.startsWith(PATH + "?")) {
      return Optional.empty();
    }
    try {
      AuthorizationRequest.Parsed p = AuthorizationRequest.parse(query(returnTo.substring(PATH.length() + 1)), clients);
      String uri = p.request().map(AuthorizationRequest::redirectUri)
          .orElseGet(() -> p.refusal().orElseThrow().redirectUri());
      URI u = URI.create(uri);
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      return Optional.of(scheme.equals("http") || scheme.equals("https")
          ? scheme + "://" + u.getRawAuthority() : scheme + ":");
    } catch (InvalidRequestException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code raw}, a query string, decoded strictly (RFC 6749 appendix B: UTF-8, then percent-encoded,
   * {@code +} for a space); IllegalArgumentException on a malformed escape, malformed UTF-8 or a
   * character that is not a visible ASCII one (RFC 3986 §2).
   */
  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
        int lo = hi < 0 ? -1 : hex(s.charAt(i + 2));
        if (lo < 0) {
          throw new IllegalArgumentException("malformed percent-encoding");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c > 0x20 && c < 0x7F) {
        bytes.write(c == '+' ? ' ' : c);
      } else { // RFC 3986 §2: anything else in a URI is percent-encoded
        throw new IllegalArgumentException("a character that must be percent-encoded");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("malformed UTF-8", e);
    }
  }

  /** An ASCII hex digit's value, else -1 (Character.digit alone takes other scripts' digits too). */
  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
