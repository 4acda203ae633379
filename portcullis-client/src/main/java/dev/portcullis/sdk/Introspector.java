package dev.portcullis.sdk;

import static dev.portcullis.sdk.TokenVerificationException.Reason.EXPIRED;
import static dev.portcullis.sdk.TokenVerificationException.Reason.INACTIVE;
import static dev.portcullis.sdk.TokenVerificationException.Reason.UNAVAILABLE;
import static dev.portcullis.sdk.TokenVerificationException.Reason.WRONG_AUDIENCE;
import static dev.portcullis.sdk.TokenVerificationException.Reason.WRONG_ISSUER;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks Portcullis whether a token is active (RFC 7662 token introspection), for callers that must see
 * a revocation (RFC 7009, logout, password change) before the token expires. The caller is a
 * {@code resource-server} client of Portcullis, authenticated with HTTP Basic (RFC 6749 section
 * 2.3.1, id and secret form-encoded first); Portcullis answers {@code active: true} only for tokens
 * meant for that client's audience.
 *
 * <p>Answers are cached briefly, keyed by a SHA-256 of the token: an active one for at most {@code
 * activeCacheTime} and never past the token's {@code exp} (so a revocation shows after that time at
 * the latest), an inactive one for {@code inactiveCacheTime} (an inactive token never becomes active
 * again, so this only spares the server repeated garbage). A failure to reach the server, or an
 * error answer, is {@code UNAVAILABLE} (HTTP 503 from the filter), is not cached, and never counts
 * as inactive. Concurrent requests with the same token share one introspection call.
 */
public final class Introspector implements TokenAuthenticator {
  private static final System.Logger LOG = System.getLogger(Introspector.class.getName());
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  /** An answer as cached: the token, or null for inactive. */
  private record Answer(AccessToken token) {}

  private final URI endpoint;
  private final String authorization;
  private final String issuer;
  private final String audience;
  private final Duration activeCacheTime;
  private final Duration inactiveCacheTime;
  private final Settings settings;
  private final Clock clock;
  private final HttpClient http;
  private final Duration timeout;
  private final ExpiringCache<Answer> cache;
  private final Map<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

  private Introspector(Builder b) {
    this.endpoint = b.endpoint;
    String id = URLEncoder.encode(b.clientId, StandardCharsets.UTF_8);
    String secret = URLEncoder.encode(b.clientSecret, StandardCharsets.UTF_8);
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.activeCacheTime = b.activeCacheTime;
    this.inactiveCacheTime = b.inactiveCacheTime;
    this.settings = b.settings.copy();
    this.clock = settings.clock;
    this.timeout = settings.httpTimeout;
    this.http = settings.http();
    this.cache = new ExpiringCache<>(settings.cacheSize);
  }

  /**
   * {@code issuer}: Portcullis' {@code --issuer}; the endpoint is {@code <issuer>/v1/token/introspect}
   * unless {@link Builder#endpoint} says otherwise. {@code clientId}/{@code clientSecret}: a client
   * registered with {@code type: resource-server} (and your API's {@code audience}).
   */
  public static Builder builder(String issuer, String clientId, String clientSecret) {
    return new Builder(issuer, clientId, clientSecret);
  }

  @Override
  public AccessToken verify(String token) throws TokenVerificationException {
    settings.checkShape(token);
    String key = ExpiringCache.keyOf(token);
    Answer answer = cache.get(key, clock.instant());
    if (answer == null) {
      answer = askOnce(key, token);
    }
    if (answer.token() == null) {
      throw new TokenVerificationException(INACTIVE, "the authorization server says the token is not active");
    }
    if (!clock.instant().isBefore(answer.token().expiresAt())) {
      throw new TokenVerificationException(EXPIRED, "expired at " + answer.token().expiresAt());
    }
    return answer.token();
  }

  /**
   * One introspection request per token at a time: callers that present a token while a request
   * about it is under way wait for that answer (or its failure) instead of sending their own.
   */
  private Answer askOnce(String key, String token) throws TokenVerificationException {
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof TokenVerificationException t) {
          throw t;
        }
        throw e;
      }
    }
    try {
      Answer answer = ask(token);
      Instant now = clock.instant();
      if (answer.token() == null) {
        cache.put(key, answer, now.plus(inactiveCacheTime), now);
      } else {
        Instant until = now.plus(activeCacheTime);
        cache.put(key, answer, until.isAfter(answer.token().expiresAt()) ? answer.token().expiresAt() : until, now);
      }
      mine.complete(answer);
      return answer;
    } catch (Throwable e) {
      mine.completeExceptionally(e); // waiters must never hang, whatever went wrong
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private Answer ask(String token) throws TokenVerificationException {
    String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .header("Authorization", authorization)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    int status;
    String body;
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      try (InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
          throw new IOException("introspection answer exceeds " + MAX_ANSWER_BYTES + " bytes");
        }
        body = new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new TokenVerificationException(UNAVAILABLE, "introspection at " + endpoint + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenVerificationException(UNAVAILABLE, "interrupted during introspection", e);
    }
    if (status == 401 || status == 400) {
      // our own credentials or registration are wrong: every token would fail, so say it loudly
      LOG.log(System.Logger.Level.ERROR, "introspection at " + endpoint + " refused this resource server's client"
          + " (HTTP " + status + "); check its client_id, secret and type resource-server");
    }
    if (status != 200) {
      throw new TokenVerificationException(UNAVAILABLE, "introspection at " + endpoint + " answered HTTP " + status);
    }
    try {
      return parse(JSONObjectUtils.parse(body));
    } catch (ParseException | ClassCastException | NullPointerException e) {
      throw new TokenVerificationException(UNAVAILABLE, "introspection answer is not RFC 7662 JSON", e);
    }
  }

  private Answer parse(Map<String, Object> json) throws ParseException, TokenVerificationException {
    if (!Boolean.TRUE.equals(json.get("active"))) {
      return new Answer(null);
    }
    String iss = JSONObjectUtils.getString(json, "iss");
    if (issuer != null && !issuer.equals(iss)) {
      throw new TokenVerificationException(WRONG_ISSUER, "iss is not " + issuer);
    }
    Object aud = json.get("aud");
    List<String> audiences = aud instanceof String s ? List.of(s) : aud == null ? List.of() : JSONObjectUtils.getStringList(json, "aud");
    if (audience != null && !audiences.contains(audience)) {
      // not cached as inactive: a misconfigured audience must be visible, not hidden behind a cache
      throw new TokenVerificationException(WRONG_AUDIENCE, "aud is not " + audience);
    }
    Map<String, Object> claims = new LinkedHashMap<>(json);
    claims.remove("active");
    String sub = Objects.requireNonNull(JSONObjectUtils.getString(json, "sub"), "sub");
    return new Answer(new AccessToken(sub, JSONObjectUtils.getString(json, "client_id"), audiences,
        AccessToken.parseScopes(JSONObjectUtils.getString(json, "scope")), JSONObjectUtils.getString(json, "jti"),
        seconds(json, "iat"), seconds(json, "nbf"), Objects.requireNonNull(seconds(json, "exp"), "exp"), iss,
        JSONObjectUtils.getString(json, "sid"), claims));
  }

  private static Instant seconds(Map<String, Object> json, String name) throws ParseException {
    return json.get(name) == null ? null : Instant.ofEpochSecond(JSONObjectUtils.getLong(json, name));
  }

  /** Number of answers held (for tests and metrics). */
  int cachedAnswers() {
    return cache.size();
  }

  /**
   * Defaults: active answers cached 5 s, inactive ones 5 s, 10,000 at most; tokens up to 8192
   * characters; HTTP timeouts of 5 s; the system clock. {@code iss} must be the issuer; {@code aud}
   * is checked only when set (Portcullis already answers inactive for tokens of another audience).
   */
  public static final class Builder extends CommonBuilder<Builder> {
    private final String clientId;
    private final String clientSecret;
    private final String issuer;
    private URI endpoint;
    private String audience;
    private Duration activeCacheTime = Duration.ofSeconds(5);
    private Duration inactiveCacheTime = Duration.ofSeconds(5);

    private Builder(String issuer, String clientId, String clientSecret) {
      if (issuer == null || issuer.isBlank() || clientId == null || clientId.isEmpty()
          || clientSecret == null || clientSecret.isEmpty()) {
        throw new IllegalArgumentException("the issuer, client_id and client_secret are required");
      }
      this.issuer = issuer;
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.endpoint = URI.create(TokenVerifier.stripSlash(issuer) + "/v1/token/introspect");
    }

    public Builder endpoint(URI uri) {
      this.endpoint = Objects.requireNonNull(uri);
      return this;
    }

    /** Also require this {@code aud} in the answer (Portcullis checks the client's own already). */
    public Builder audience(String aud) {
      this.audience = aud;
      return this;
    }

    /**
     * How long answers are reused: {@code active} at most 5 minutes (0 asks every time: revocation
     * takes effect at once), {@code inactive} at most 5 minutes.
     */
    public Builder cacheTimes(Duration active, Duration inactive) {
      this.activeCacheTime = Settings.between("the active cache time", active, Duration.ZERO, Duration.ofMinutes(5));
      this.inactiveCacheTime = Settings.between("the inactive cache time", inactive, Duration.ZERO, Duration.ofMinutes(5));
      return this;
    }

    public Introspector build() {
      return new Introspector(this);
    }
  }
}
