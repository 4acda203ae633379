package dev.portcullis.sdk;

import static dev.portcullis.sdk.TokenVerificationException.Reason.MALFORMED;
import static dev.portcullis.sdk.TokenVerificationException.Reason.TOO_LARGE;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings {@link TokenVerifier} and {@link Introspector} share, validated here once: token size
 * limit, cache size, clock and HTTP. Defaults: 8192 characters (as the server), 10,000 cached
 * outcomes, the system clock, 5 s HTTP timeouts and a client that follows no redirect.
 */
final class Settings {
  int maxTokenLength = 8192;
  int cacheSize = 10_000;
  Clock clock = Clock.systemUTC();
  Duration httpTimeout = Duration.ofSeconds(5);
  private HttpClient httpClient;

  void maxTokenLength(int chars) {
    if (chars < 1024) {
      throw new IllegalArgumentException("maxTokenLength must be >= 1024");
    }
    this.maxTokenLength = chars;
  }

  void cacheSize(int entries) {
    if (entries < 0) {
      throw new IllegalArgumentException("cacheSize must be >= 0");
    }
    this.cacheSize = entries;
  }

  void clock(Clock c) {
    this.clock = Objects.requireNonNull(c);
  }

  void httpTimeout(Duration d) {
    this.httpTimeout = between("httpTimeout", d, Duration.ofMillis(1), Duration.ofMinutes(1));
  }

  void httpClient(HttpClient client) {
    this.httpClient = Objects.requireNonNull(client);
  }

  HttpClient http() {
    return httpClient != null ? httpClient
        : HttpClient.newBuilder().connectTimeout(httpTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A copy for a built instance, so that reusing its builder cannot change it. */
  Settings copy() {
    Settings c = new Settings();
    c.maxTokenLength = maxTokenLength;
    c.cacheSize = cacheSize;
    c.clock = clock;
    c.httpTimeout = httpTimeout;
    c.httpClient = httpClient;
    return c;
  }

  /** Refuses an empty or oversized token before any work. */
  void checkShape(String token) throws TokenVerificationException {
    if (token == null || token.isEmpty()) {
      throw new TokenVerificationException(MALFORMED, "empty token");
    }
    if (token.length() > maxTokenLength) {
      throw new TokenVerificationException(TOO_LARGE, "token of " + token.length() + " characters");
    }
  }

  static Duration between(String name, Duration d, Duration min, Duration max) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
    }
    return d;
  }
}
