package dev.portcullis.server.http;

import dev.portcullis.throttle.RequestQuota;
import io.javalin.http.Context;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-10
 * (sections 2 and 3): {@code RateLimit-Policy: "api_key";q=600;w=60} names the quota (q requests per w
 * seconds) and {@code RateLimit: "api_key";r=599;t=42} how many remain and in how many seconds capacity
 * comes back. Written on every answer to an API key, refused (429) or not, so a client can pace itself
 * before it is throttled. The draft's structured-field form, not the older {@code RateLimit-Limit}
 * trio of drafts up to -06, which current clients and gateways are moving away from.
 */
public final class RateLimitHeaders {
  /** The one policy a key is counted against; a name the draft requires, not a secret. */
  static final String POLICY = "\"api_key\"";

  private RateLimitHeaders() {}

  public static void write(Context ctx, RequestQuota.Usage usage) {
    ctx.header("RateLimit-Policy", POLICY + ";q=" + usage.limit().requests() + ";w=" + usage.limit().window().toSeconds());
    ctx.header("RateLimit", POLICY + ";r=" + usage.remaining() + ";t=" + usage.resetSeconds());
  }
}
