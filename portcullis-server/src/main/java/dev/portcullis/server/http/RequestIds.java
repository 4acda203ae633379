package dev.portcullis.server.http;

import io.javalin.http.Context;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * A request id for every request: the caller's {@code X-Request-Id} when it is a plain token (so a
 * proxy's id follows the request into our logs), a fresh random one otherwise. It is put in the
 * logging context as {@code request_id} (a field of every JSON log line) and echoed in the answer.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "request_id";
  /** What we accept from outside: short, and nothing that could forge a log line or a field. */
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

  private RequestIds() {}

  public static void before(Context ctx) {
    String given = ctx.header(HEADER);
    String id = given != null && ACCEPTED.matcher(given).matches() ? given : fresh();
    MDC.put(MDC_KEY, id);
    ctx.header(HEADER, id);
  }

  /** 96 random bits, base64url: unique enough to find a request's lines, and no secret, so no SecureRandom on every request. */
  private static String fresh() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return ID.encodeToString(b);
  }

  /** Ends the request's logging context (the thread serves other requests next). */
  public static void clear() {
    MDC.remove(MDC_KEY);
  }
}
