package dev.portcullis.server.web;

import dev.portcullis.client.ClientService;
import dev.portcullis.consent.ConsentStore;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Authenticator;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Requests;
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
 * mix-up attacks). A first-party client ({@link dev.portcullis.client.Client#firstParty}, the
 * default) gets its code at once; for a third-party client the signed-in user first sees a consent
 * page naming the client, the scopes and where the browser goes next, and chooses Allow (the code
 * redirect) or Deny ({@code error=access_denied}, RFC 6749 §4.1.2.1). An Allow is remembered per
 * user and client with its scopes ({@link ConsentStore}); a later request for the same or fewer
 * scopes skips the page. Signing out, forced logout and a password change leave it: it records the
 * user's decision about the application, not a credential.
 *
 * <p>The consent form is a POST to this path carrying the session's CSRF token (checked by
 * {@link Authenticator} like every session form), the authorization request's query string and a
 * seal: HMAC(key, session id, query), so the form can be neither edited nor replayed from another
 * session. The request is then parsed and validated again exactly as the GET did (the client or
 * its redirect URIs may have changed meanwhile).
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
  private final Pages pages;
  private final SessionService sessions;
  private final Hmac sealKey;
  private final ConsentStore consents;

  /** @param sealKey signs the consent form's request (the server's form key) */
  public AuthorizeRoutes(ClientService clients, AuthorizationCodes codes, Authenticator authenticator, String issuer,
      Pages pages, SessionService sessions, Hmac sealKey, ConsentStore consents) {
    this.clients = clients;
    this.codes = codes;
    this.authenticator = authenticator;
    this.issuer = issuer;
    this.pages = pages;
    this.sessions = sessions;
    this.sealKey = sealKey;
    this.consents = consents;
  }

  public void register(RoutesConfig r) {
    Pages.page(r, PATH);
    r.get(PATH, this::authorize, Access.PUBLIC);
    r.post(PATH, this::decide, Access.SESSION);
  }

  private void authorize(Context ctx) {
    AuthorizationRequest.Parsed parsed = AuthorizationRequest.parse(
        requestParameters(ctx.queryString() == null ? "" : ctx.queryString()), clients);
    if (parsed.refusal().isPresent()) {
      refuse(ctx, parsed.refusal().get());
      return;
    }
    AuthorizationRequest request = parsed.request().orElseThrow();
    Optional<SessionService.Validated> session = authenticator.browserSession(ctx);
    if (session.isEmpty()) {
      String here = PATH + "?" + ctx.queryString();
      Pages.seeOther(ctx, PageRoutes.SIGN_IN + "?" + ReturnTo.PARAMETER + "=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
      return;
    }
    if (!request.client().firstParty()
        && !consents.covers(session.get().account().id(), request.client().id(), request.scopes())) {
      askConsent(ctx, request, session.get());
      return;
    }
    issue(ctx, request, session.get());
  }

  private void issue(Context ctx, AuthorizationRequest request, SessionService.Validated session) {
    String code = codes.issue(request, session.account());
    redirect(ctx, request.redirectUri(), "code", code, "state", request.state(), "iss", issuer);
  }

  private void askConsent(Context ctx, AuthorizationRequest request, SessionService.Validated session) {
    String query = ctx.queryString();
    URI redirect = URI.create(request.redirectUri());
    String host = redirect.getRawAuthority() != null ? redirect.getHost() + (redirect.getPort() < 0 ? ""
        : ":" + redirect.getPort()) : redirect.getScheme() + ":";
    PageHeaders.allowFormTarget(ctx, source(request.redirectUri()));
    pages.ok(ctx, "consent.jte", new ConsentPage(PageFrame.of("Allow " + request.client().name() + "?", session,
        sessions), request.client().name(), request.scopes().stream().sorted().toList(), host, query,
        seal(session, query)));
  }

  /**
   * The consent form: the CSRF token was checked before this runs; the seal proves the request is
   * the one this session was shown, and it is validated again as on the GET.
   */
  private void decide(Context ctx) {
    SessionService.Validated session = Requests.session(ctx);
    Body form = Body.of(ctx);
    String query = form.optionalString("request").orElse("");
    String seal = form.optionalString("seal").orElse("");
    if (!Tokens.constantTimeEquals(seal(session, query), seal)) {
      throw authenticator.csrfFailure(ctx, session.account().id(), "consent form seal does not match");
    }
    String decision = form.optionalString("decision").orElse("");
    if (!decision.equals("allow") && !decision.equals("deny")) {
      throw new InvalidRequestException("Choose Allow or Deny.");
    }
    // sealed as the GET read it, which decoded it strictly already
    AuthorizationRequest.Parsed parsed = AuthorizationRequest.parse(requestParameters(query), clients);
    if (parsed.refusal().isPresent()) {
      refuse(ctx, parsed.refusal().get());
      return;
    }
    AuthorizationRequest request = parsed.request().orElseThrow();
    if (decision.equals("deny")) {
      redirect(ctx, request.redirectUri(), "error", "access_denied", "error_description",
          "The user did not allow this application.", "state", request.state(), "iss", issuer);
      return;
    }
    consents.grant(session.account().id(), request.client().id(), request.scopes());
    issue(ctx, request, session);
  }

  /** RFC 6749 §4.1.2.1: the refusal goes back to the (validated) redirect URI. */
  private void refuse(Context ctx, AuthorizationRequest.Refusal no) {
    redirect(ctx, no.redirectUri(), "error", no.error(), "error_description", no.description(), "state", no.state(),
        "iss", issuer);
  }

  private String seal(SessionService.Validated session, String query) {
    return sealKey.sign("consent " + session.session().id() + " " + query);
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
      return Optional.of(source(uri));
    } catch (InvalidRequestException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The CSP source of a (registered, so well-formed) redirect URI. */
  private static String source(String redirectUri) {
    URI u = URI.create(redirectUri);
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") ? scheme + "://" + u.getRawAuthority() : scheme + ":";
  }

  /**
   * An authorization request's query, decoded strictly ({@link #query}). A parameter that cannot be
   * read cannot be left out either: the state the app would get back would not be the one it sent
   * (RFC 6749 §4.1.2). Nothing is validated yet, so the refusal is a page, never a redirect.
   */
  private static Map<String, List<String>> requestParameters(String raw) {
    try {
      return query(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("The request's parameters are not UTF-8 percent-encoded (RFC 6749 appendix B).");
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
