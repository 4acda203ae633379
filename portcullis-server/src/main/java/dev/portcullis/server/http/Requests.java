package dev.portcullis.server.http;

import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.session.SessionService;
import io.javalin.http.Context;
import java.util.Locale;

/** What a handler needs to know about the request beyond its body: who, from where, over what. */
public final class Requests {
  static final String PRINCIPAL = "portcullis.principal";
  static final String SESSION = "portcullis.session";

  private final boolean trustProxy;

  public Requests(boolean trustProxy) {
    this.trustProxy = trustProxy;
  }

  /**
   * The client's address. Behind a trusted proxy it is the right-most X-Forwarded-For entry, the one
   * the proxy itself appended; entries to its left are whatever the client claimed.
   */
  public String ip(Context ctx) {
    if (trustProxy) {
      String xff = ctx.header("X-Forwarded-For");
      if (xff != null) {
        String[] parts = xff.split(",");
        for (int i = parts.length - 1; i >= 0; i--) {
          String candidate = parts[i].trim();
          if (!candidate.isEmpty() && candidate.length() <= 64) {
            return candidate;
          }
        }
      }
    }
    return ctx.req().getRemoteAddr();
  }

  public Device device(Context ctx) {
    return new Device(ip(ctx), ctx.header("User-Agent"));
  }

  /** True if the client reached us over HTTPS (directly, or as the trusted proxy says). */
  public boolean secure(Context ctx) {
    if (trustProxy) {
      String proto = ctx.header("X-Forwarded-Proto");
      if (proto != null) {
        return proto.split(",")[0].trim().toLowerCase(Locale.ROOT).equals("https");
      }
    }
    return ctx.req().isSecure();
  }

  /**
   * This server's origin as the request names it (its Host, or the trusted proxy's
   * X-Forwarded-Host): what the Origin check falls back to when no public URL is configured.
   */
  public String ownOrigin(Context ctx) {
    String host = trustProxy && ctx.header("X-Forwarded-Host") != null
        ? ctx.header("X-Forwarded-Host").split(",")[0].trim()
        : ctx.header("Host");
    return (secure(ctx) ? "https://" : "http://") + (host == null ? "" : host);
  }

  public static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw AuthenticationException.unauthenticated();
    }
    return p;
  }

  /** The validated browser session of this request; only on routes that require one. */
  public static SessionService.Validated session(Context ctx) {
    SessionService.Validated v = ctx.attribute(SESSION);
    if (v == null) {
      throw AuthenticationException.unauthenticated();
    }
    return v;
  }
}
