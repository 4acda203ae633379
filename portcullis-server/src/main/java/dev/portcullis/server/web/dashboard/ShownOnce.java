package dev.portcullis.server.web.dashboard;

import dev.portcullis.crypto.AesGcm;
import dev.portcullis.crypto.Hmac;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Carries a secret just issued (an API key, a client secret) from the form's POST to the page its
 * 303 leads to, which shows it once: sealed (AES-GCM, bound to the session and the page) in a
 * short-lived {@code HttpOnly} cookie that the page reads and clears. Nothing is kept on the server,
 * so any instance behind a load balancer can show it, and a reload no longer does: the secret is
 * gone from the browser once it has been displayed.
 */
public final class ShownOnce {
  private static final int MAX_AGE_SECONDS = 120;

  private final byte[] key;
  private final String cookieName;
  private final boolean secure;

  /** @param formKey the server's form key; this derives its own key from it (HKDF), never reusing it */
  public ShownOnce(Hmac formKey, boolean secure) {
    this.key = AesGcm.hkdf(formKey.sign("dashboard shown-once").getBytes(StandardCharsets.UTF_8),
        "portcullis dashboard shown-once v1");
    this.secure = secure;
    this.cookieName = secure ? "__Host-portcullis-once" : "portcullis_once";
  }

  /** Hands {@code secret} to the next GET of {@code page} in this session. */
  public void put(Context ctx, String sessionId, String page, String label, String secret) {
    String sealed = AesGcm.seal(key, label + "\n" + secret, aad(sessionId, page));
    ctx.res().addHeader("Set-Cookie", cookieName + "=" + sealed + "; Path=/; Max-Age=" + MAX_AGE_SECONDS
        + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Strict");
  }

  /** The secret waiting for {@code page}, cleared from the browser as it is taken; empty if none. */
  public Optional<Secret> take(Context ctx, String sessionId, String page) {
    String sealed = ctx.cookie(cookieName);
    if (sealed == null) {
      return Optional.empty();
    }
    ctx.res().addHeader("Set-Cookie", cookieName + "=; Path=/; Max-Age=0" + (secure ? "; Secure" : "")
        + "; HttpOnly; SameSite=Strict");
    try {
      String opened = AesGcm.open(key, sealed, aad(sessionId, page));
      int nl = opened.indexOf('\n');
      return Optional.of(new Secret(opened.substring(0, nl), opened.substring(nl + 1)));
    } catch (GeneralSecurityException e) {
      return Optional.empty(); // another session's, another page's, or tampered with: nothing to show
    }
  }

  private static String aad(String sessionId, String page) {
    return "shown-once|" + sessionId + "|" + page;
  }

  /** @param label what the secret is, e.g. "API key deploy-bot"; {@code toString} never prints the value */
  public record Secret(String label, String value) {
    @Override
    public String toString() {
      return "Secret[" + label + "]";
    }
  }
}
