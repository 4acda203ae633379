package dev.portcullis.server.http;

import io.javalin.security.RouteRole;

/** Who may call a route; checked once, before the handler, by {@link Authenticator}. */
public enum Access implements RouteRole {
  /** No credential needed. */
  PUBLIC,
  /** Any authenticated user: session cookie or bearer credential. */
  USER,
  /** Only a browser session (routes about the session itself). */
  SESSION,
  /** Role {@code admin}, or the admin token. */
  ADMIN,
  /**
   * Also open to an API key, besides the route's other rule. Without it an API key is refused with
   * 403 {@code forbidden}: a key is for calling APIs (identity and forward-auth-protected routes),
   * never for managing keys, sessions, the password or anything admin.
   */
  API_KEY
}
