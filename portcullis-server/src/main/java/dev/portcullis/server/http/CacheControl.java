package dev.portcullis.server.http;

import io.javalin.http.Context;

/**
 * Answers of an auth server name users, sessions and tokens: no cache may keep them. One filter,
 * run after every request (errors included), marks each answer {@code Cache-Control: no-store}
 * unless its handler chose otherwise on purpose (the JWKS is public and cacheable).
 */
public final class CacheControl {
  private CacheControl() {}

  public static void noStoreUnlessSet(Context ctx) {
    if (ctx.res().getHeader("Cache-Control") == null) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
