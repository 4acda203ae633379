package dev.portcullis.server.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;

/**
 * Writes the session cookie. Production: {@code __Host-portcullis; Secure; HttpOnly; SameSite=Lax;
 * Path=/} with a Max-Age (so a browser restart keeps the session), or without one for a sign-in that
 * did not ask to be kept (the browser drops it when it closes); dev mode drops Secure and the
 * {@code __Host-} prefix for plain HTTP. {@code --cookie-samesite none} (never with dev mode) gives
 * {@code SameSite=None; Secure} for a SPA on another site. {@code Partitioned} (CHIPS) is not added:
 * it would give every top-level site its own session jar, which silently changes what login, logout
 * and the session list mean; a deployment that needs it should go same-site or use a BFF instead.
 */
public final class Cookies {
  /**
   * Ends the value of a session-only cookie, so that a cookie written again for the same browser (a
   * session rotated after a privilege change, a password change) stays session-only: a request
   * carries no cookie attributes. Outside the token alphabet; only this browser's choice, never trusted.
   */
  private static final String SESSION_ONLY = ".s";
  private static final String PRESENTED_SESSION_ONLY = "portcullis.cookie.session-only";

  private final String name;
  private final boolean secure;
  private final String sameSite;

  public Cookies(String name, boolean secure, String sameSite) {
    this.name = name;
    this.secure = secure;
    this.sameSite = sameSite.substring(0, 1).toUpperCase(Locale.ROOT) + sameSite.substring(1);
  }

  /** The session secret the browser sent, null if none. */
  public String read(Context ctx) {
    String value = ctx.cookie(name);
    if (value != null && value.endsWith(SESSION_ONLY)) {
      ctx.attribute(PRESENTED_SESSION_ONLY, Boolean.TRUE);
      return value.substring(0, value.length() - SESSION_ONLY.length());
    }
    return value;
  }

  /** A new secret for the same browser: as long-lived as the cookie it presented (persistent if none). */
  public void set(Context ctx, String value, Duration maxAge) {
    set(ctx, value, maxAge, !Boolean.TRUE.equals(ctx.attribute(PRESENTED_SESSION_ONLY)));
  }

  /**
   * A new sign-in: {@code persistent} gives the cookie {@code maxAge}, otherwise it has no Max-Age
   * and lives until the browser closes (RFC 6265 §5.3 step 3).
   */
  public void set(Context ctx, String value, Duration maxAge, boolean persistent) {
    ctx.res().addHeader("Set-Cookie", persistent ? format(value, maxAge.toSeconds()) : format(value + SESSION_ONLY, -1));
  }

  public void clear(Context ctx) {
    ctx.res().addHeader("Set-Cookie", format("", 0));
  }

  /** {@code maxAge} -1: no Max-Age attribute (a session cookie). */
  private String format(String value, long maxAge) {
    StringBuilder b = new StringBuilder(name).append('=').append(value).append("; Path=/");
    if (maxAge >= 0) {
      b.append("; Max-Age=").append(maxAge);
    }
    if (secure) {
      b.append("; Secure");
    }
    return b.append("; HttpOnly; SameSite=").append(sameSite).toString();
  }
}
