package dev.portcullis.server.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;

/**
 * Writes the session cookie. Production: {@code __Host-portcullis; Secure; HttpOnly; SameSite=Lax;
 * Path=/} with a Max-Age (so a browser restart keeps the session); dev mode drops Secure and the
 * {@code __Host-} prefix for plain HTTP. {@code --cookie-samesite none} (never with dev mode) gives
 * {@code SameSite=None; Secure} for a SPA on another site. {@code Partitioned} (CHIPS) is not added:
 * it would give every top-level site its own session jar, which silently changes what login, logout
 * and the session list mean; a deployment that needs it should go same-site or use a BFF instead.
 */
public final class Cookies {
  private final String name;
  private final boolean secure;
  private final String sameSite;

  public Cookies(String name, boolean secure, String sameSite) {
    this.name = name;
    this.secure = secure;
    this.sameSite = sameSite.substring(0, 1).toUpperCase(Locale.ROOT) + sameSite.substring(1);
  }

  public String read(Context ctx) {
    return ctx.cookie(name);
  }

  public void set(Context ctx, String value, Duration maxAge) {
    ctx.res().addHeader("Set-Cookie", format(value, maxAge.toSeconds()));
  }

  public void clear(Context ctx) {
    ctx.res().addHeader("Set-Cookie", format("", 0));
  }

  private String format(String value, long maxAge) {
    StringBuilder b = new StringBuilder(name).append('=').append(value).append("; Path=/; Max-Age=").append(maxAge);
    if (secure) {
      b.append("; Secure");
    }
    return b.append("; HttpOnly; SameSite=").append(sameSite).toString();
  }
}
