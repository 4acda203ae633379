package dev.portcullis.sdk;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** The settings every builder of the SDK has (see {@link Settings} for the defaults). */
abstract class CommonBuilder<B extends CommonBuilder<B>> {
  final Settings settings = new Settings();

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The clock that judges expiry and cache lifetimes (a test clock in tests). */
  public B clock(Clock c) {
    settings.clock(c);
    return self();
  }

  /** Longer tokens are refused before any work (8192 by default, as the server; at least 1024). */
  public B maxTokenLength(int chars) {
    settings.maxTokenLength(chars);
    return self();
  }

  /** How many outcomes to remember (10,000 by default); 0 turns the cache off. */
  public B cacheSize(int entries) {
    settings.cacheSize(entries);
    return self();
  }

  /** Connect and request timeout of the calls to Portcullis (5 s by default). */
  public B httpTimeout(Duration d) {
    settings.httpTimeout(d);
    return self();
  }

  /** An HTTP client of your own (proxy, TLS settings); redirects should stay off. */
  public B httpClient(HttpClient client) {
    settings.httpClient(client);
    return self();
  }
}
