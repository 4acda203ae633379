package dev.portcullis.server.web;

import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.server.http.Authenticator;
import dev.portcullis.server.http.Body;
import dev.portcullis.session.SessionService;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * The CSRF token every form carries in its {@value #FIELD} field.
 *
 * <p>With a session, it is the session's own token, which {@link Authenticator} checks on every
 * unsafe request the session authenticates: a form of a signed-in page needs nothing else.
 *
 * <p>Before there is a session (the sign-in and sign-up forms) it is a signed double-submit
 * token: the browser gets a random nonce in a {@code __Host-} cookie and the form gets
 * HMAC(key, nonce); a POST must bring both, matching. A page on another site can neither read the
 * cookie nor compute the HMAC, and the {@code __Host-} prefix keeps a sibling subdomain from
 * planting a nonce of its own. The Origin check runs first on every unsafe request as well.
 */
public final class FormCsrf {
  public static final String FIELD = "_csrf";
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Hmac key;
  private final String cookieName;
  private final boolean secure;
  private final SessionService sessions;
  private final Authenticator authenticator;

  /**
   * @param secure production: the cookie is {@code __Host-portcullis-csrf; Secure}; dev mode drops
   *     both for plain HTTP, like the session cookie
   */
  public FormCsrf(Hmac key, boolean secure, SessionService sessions, Authenticator authenticator) {
    this.key = key;
    this.secure = secure;
    this.cookieName = secure ? "__Host-portcullis-csrf" : "portcullis_csrf";
    this.sessions = sessions;
    this.authenticator = authenticator;
  }

  /** The token for a form on this page: the session's if the browser is signed in, else pre-session. */
  public String token(Context ctx) {
    return authenticator.browserSession(ctx).map(v -> sessions.csrfToken(v.session())).orElseGet(() -> preSession(ctx));
  }

  /** The pre-session token, setting the nonce cookie if the browser has none (or a malformed one). */
  public String preSession(Context ctx) {
    String nonce = ctx.cookie(cookieName);
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      nonce = Tokens.secret256();
      // no Max-Age: it lives as long as the browser session, so a form left open still submits
      ctx.res().addHeader("Set-Cookie", cookieName + "=" + nonce + "; Path=/" + (secure ? "; Secure" : "")
          + "; HttpOnly; SameSite=Lax");
    }
    return sign(nonce);
  }

  /** Refuses (403 {@code csrf_failed}, counted and audited) a pre-session form without a matching pair. */
  public void verifyPreSession(Context ctx) {
    String nonce = ctx.cookie(cookieName);
    String provided = Body.read(() -> ctx.formParam(FIELD));
    if (nonce == null || provided == null) {
      throw authenticator.csrfFailure(ctx, null, nonce == null ? "no pre-session CSRF cookie" : "missing CSRF token");
    }
    if (!NONCE.matcher(nonce).matches() || !Tokens.constantTimeEquals(sign(nonce), provided)) {
      throw authenticator.csrfFailure(ctx, null, "wrong pre-session CSRF token");
    }
  }

  private String sign(String nonce) {
    return key.sign("pre-session-form " + nonce);
  }
}
