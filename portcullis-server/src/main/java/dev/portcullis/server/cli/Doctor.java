package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.server.http.Json;
import dev.portcullis.token.AccessTokenRules;
import dev.portcullis.token.JwsSignatureCheck;
import dev.portcullis.token.TokenPolicy;
import dev.portcullis.token.VerificationKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of {@code portcullis doctor} against a live deployment, in the order a person would
 * debug it by hand: transport (HTTPS, HSTS, clock), discovery (RFC 8414 metadata, JWKS), the
 * browser session (login's {@code Set-Cookie}, CORS with a made-up origin), bearer challenges, and
 * an access token's lifetime and signature. Each yields PASS, WARN or FAIL with a reason and a fix.
 */
final class Doctor {
  static final Duration CLOCK_OK = Duration.ofSeconds(5);
  static final long HSTS_MIN_SECONDS = 365L * 24 * 3600;
  private static final Pattern MAX_AGE = Pattern.compile("(?i)max-age\\s*=\\s*\"?(\\d+)");

  /** A user to log in as; the password never appears in output. */
  record Login(String email, String password) {}

  private final Web web;
  private final URI base;
  private final Clock clock;
  private final Optional<Login> login;
  private final Optional<String> clientId;
  private final List<Finding> findings = new ArrayList<>();

  Doctor(Web web, URI base, Clock clock, Optional<Login> login, Optional<String> clientId) {
    this.web = web;
    this.base = base;
    this.clock = clock;
    this.login = login;
    this.clientId = clientId;
  }

  List<Finding> run() {
    Instant sent = clock.instant();
    HttpResponse<String> metadata = get("/.well-known/oauth-authorization-server");
    Instant received = clock.instant();
    findings.addAll(transport(base, metadata.headers().firstValue("Strict-Transport-Security")));
    clock(metadata, sent.plus(Duration.between(sent, received).dividedBy(2)));
    Map<String, String> endpoints = metadata(metadata);
    Optional<Map<String, VerificationKey>> keys = jwks(endpoints.getOrDefault("jwks_uri", base + "/.well-known/jwks.json"));
    challenges();
    cors();
    session();
    accessToken(endpoints, keys);
    return findings;
  }

  // ---- transport ----------------------------------------------------------------------------

  static List<Finding> transport(URI base, Optional<String> strictTransportSecurity) {
    List<Finding> findings = new ArrayList<>();
    boolean https = "https".equalsIgnoreCase(base.getScheme());
    boolean loopback = isLoopback(base.getHost());
    if (https) {
      findings.add(Finding.pass("HTTPS", "served over HTTPS"));
      String hsts = strictTransportSecurity.orElse(null);
      if (hsts == null) {
        findings.add(Finding.fail("HSTS", "no Strict-Transport-Security header: a first visit over http:// can be intercepted",
            "add Strict-Transport-Security: max-age=31536000; includeSubDomains at the TLS proxy"));
      } else {
        Matcher m = MAX_AGE.matcher(hsts);
        long age = m.find() ? Long.parseLong(m.group(1).length() > 12 ? "999999999999" : m.group(1)) : -1;
        findings.add(age >= HSTS_MIN_SECONDS ? Finding.pass("HSTS", "max-age " + age + " s (at least one year)")
            : Finding.fail("HSTS", age < 0 ? "Strict-Transport-Security without max-age" : "max-age " + age + " s is under one year",
                "set max-age=31536000 (one year) or more"));
      }
    } else if (loopback) {
      findings.add(Finding.warn("HTTPS", "plain HTTP on a loopback address: acceptable for development only",
          "in production put a TLS proxy in front and check the https:// URL"));
      findings.add(Finding.warn("HSTS", "not checked: no HTTPS", "check the https:// URL of the deployment"));
    } else {
      findings.add(Finding.fail("HTTPS", "plain HTTP: passwords, cookies and tokens cross the network in clear",
          "terminate TLS in front of Portcullis and set --public-url https://…"));
      findings.add(Finding.fail("HSTS", "no HTTPS, so no HSTS", "serve HTTPS, then add Strict-Transport-Security: max-age=31536000"));
    }
    return findings;
  }

  private void clock(HttpResponse<String> r, Instant local) {
    Optional<String> date = r.headers().firstValue("Date");
    if (date.isEmpty()) {
      findings.add(Finding.warn("clock", "no Date header, so the server's clock cannot be compared", "send a Date header (RFC 9110 section 6.6.1)"));
      return;
    }
    Instant remote;
    try {
      remote = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      findings.add(Finding.warn("clock", "Date header '" + date.get() + "' is not an HTTP date", "send an RFC 9110 Date header"));
      return;
    }
    // the Date header has one-second resolution: up to a second of drift is noise
    Duration drift = Duration.between(local.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), remote);
    String how = drift.isZero() ? "in step with this machine"
        : AccessTokenRules.human(drift) + (drift.isNegative() ? " behind" : " ahead of") + " this machine";
    if (drift.abs().compareTo(CLOCK_OK) <= 0) {
      findings.add(Finding.pass("clock", "server clock within " + CLOCK_OK.toSeconds() + " s of this machine's (" + how + ")"));
    } else if (drift.abs().compareTo(TokenPolicy.DEFAULT_LEEWAY) <= 0) {
      findings.add(Finding.warn("clock", "server clock " + how + ": within the 30 s token leeway, but eating into it",
          "run NTP (chrony, systemd-timesyncd) on the server and on this machine"));
    } else {
      findings.add(Finding.fail("clock", "server clock " + how + ": beyond the 30 s leeway, verifiers refuse its fresh tokens"
          + " (not valid yet) or accept expired ones", "run NTP (chrony, systemd-timesyncd) on the server; compare with `date -u`"));
    }
  }

  // ---- discovery ----------------------------------------------------------------------------

  private Map<String, String> metadata(HttpResponse<String> r) {
    String check = "RFC 8414 metadata";
    Map<String, String> endpoints = new LinkedHashMap<>();
    JsonNode m = r.statusCode() == 200 ? json(r.body()) : null;
    if (m == null || !m.isObject()) {
      findings.add(Finding.fail(check, "GET /.well-known/oauth-authorization-server answered " + r.statusCode()
          + (r.statusCode() == 200 ? " but not a JSON object" : ""), "serve RFC 8414 metadata (Portcullis does at that path)"));
      return endpoints;
    }
    List<String> problems = new ArrayList<>();
    String issuer = m.path("issuer").asText(null);
    if (issuer == null) {
      problems.add("no issuer");
    } else if (!issuer.equals(base.toString())) {
      problems.add("issuer " + issuer + " is not the URL it is served from, " + base + " (RFC 8414 section 3.3: clients must refuse it)");
    }
    for (String required : List.of("token_endpoint", "jwks_uri", "response_types_supported")) {
      if (!m.has(required)) {
        problems.add("no " + required + " (required, RFC 8414 section 2)");
      }
    }
    for (String name : List.of("token_endpoint", "jwks_uri", "revocation_endpoint", "introspection_endpoint", "authorization_endpoint")) {
      String url = m.path(name).asText(null);
      if (url == null) {
        continue;
      }
      endpoints.put(name, url);
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        problems.add(name + " '" + url + "' is not a URL");
        continue;
      }
      if (!"https".equalsIgnoreCase(u.getScheme()) && !(u.getHost() != null && isLoopback(u.getHost()))) {
        problems.add(name + " " + url + " is not https");
      }
      if (!sameOrigin(u, base)) {
        problems.add(name + " " + url + " is on another origin than " + base);
      } else if (List.of("token_endpoint", "revocation_endpoint", "introspection_endpoint").contains(name)) {
        // an empty request: any answer but "no such route" shows the endpoint is really there
        int status = send(web.request(u).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
        if (status == 404 || status == 405) {
          problems.add(name + " " + url + " answers a POST " + status + ": advertised but not there");
        }
      }
    }
    if (problems.isEmpty()) {
      findings.add(Finding.pass(check, "issuer matches the URL; endpoints are on the same origin and answer"));
    } else {
      findings.add(Finding.fail(check, String.join("; ", problems),
          "set --issuer (and --public-url) to the exact URL clients use, e.g. https://auth.example.com"));
    }
    return endpoints;
  }

  private Optional<Map<String, VerificationKey>> jwks(String url) {
    String check = "JWKS";
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      findings.add(Finding.fail(check, "jwks_uri '" + url + "' is not a URL", "publish the keys at /.well-known/jwks.json"));
      return Optional.empty();
    }
    HttpResponse<String> r;
    try {
      r = web.send(web.request(uri).GET().build());
    } catch (CliFailure e) {
      findings.add(Finding.fail(check, e.getMessage(), "publish the JWKS where the metadata's jwks_uri says"));
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      findings.add(Finding.fail(check, url + " answered " + r.statusCode(), "publish the JWKS at the jwks_uri of the metadata"));
      return Optional.empty();
    }
    JwksSource source;
    try {
      source = JwksSource.of(url, r.body());
    } catch (CliFailure e) {
      findings.add(Finding.fail(check, e.getMessage(), "serve {\"keys\":[…]} (RFC 7517 section 5)"));
      return Optional.empty();
    }
    List<String> problems = source.refused();
    Map<String, VerificationKey> keys = source.keys();
    if (problems.isEmpty()) {
      findings.add(Finding.pass(check, keys.size() + (keys.size() == 1 ? " public key" : " public keys") + ", each with kid, alg ("
          + String.join(", ", keys.values().stream().map(v -> v.algorithm().jws().getName()).distinct().toList()) + ") and use sig"));
    } else {
      findings.add(Finding.fail(check, String.join("; ", problems),
          "publish public keys only, each with a kid and an alg of " + dev.portcullis.token.SigningAlgorithm.allowedNames()
              + (problems.stream().anyMatch(p -> p.contains("PRIVATE")) ? "; then portcullis keys rotate --emergency" : "")));
    }
    return Optional.of(keys);
  }

  // ---- HTTP behaviour -------------------------------------------------------------------------

  private void challenges() {
    HttpResponse<String> none = get("/v1/me");
    String check = "WWW-Authenticate on 401";
    Optional<String> challenge = none.headers().firstValue("WWW-Authenticate");
    if (none.statusCode() == 401 && challenge.isPresent() && challenge.get().regionMatches(true, 0, "Bearer", 0, 6)) {
      HttpResponse<String> bad = send(web.request(at("/v1/me")).header("Authorization", "Bearer not.a.token").GET().build());
      String badChallenge = bad.headers().firstValue("WWW-Authenticate").orElse("");
      findings.add(bad.statusCode() == 401 && badChallenge.contains("invalid_token")
          ? Finding.pass(check, "401 with " + challenge.get() + "; a bad token adds error=\"invalid_token\"")
          : Finding.warn(check, "a bad bearer token got " + bad.statusCode() + " with WWW-Authenticate '" + badChallenge + "'",
              "answer a bad token 401 with error=\"invalid_token\" (RFC 6750 section 3.1)"));
    } else if (none.statusCode() == 401) {
      findings.add(Finding.fail(check, "401 without a Bearer WWW-Authenticate challenge (got " + challenge.orElse("none") + ")",
          "send WWW-Authenticate: Bearer realm=\"…\" with every 401 (RFC 9110 section 15.5.2, RFC 6750 section 3)"));
    } else if (none.statusCode() >= 300 && none.statusCode() < 400) {
      findings.add(Finding.warn(check, "GET /v1/me without credentials was redirected (" + none.statusCode() + "): API clients expect 401",
          "answer API requests 401 with WWW-Authenticate; redirect page navigations only"));
    } else {
      findings.add(Finding.fail(check, "GET /v1/me without credentials answered " + none.statusCode() + ", not 401",
          "protect /v1/me; answer 401 with WWW-Authenticate: Bearer"));
    }
  }

  private void cors() {
    String probe = "https://portcullis-doctor-" + UUID.randomUUID().toString().substring(0, 8) + ".invalid";
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String origin : List.of(probe, "null")) {
      HttpResponse<String> simple = send(web.request(at("/v1/session")).header("Origin", origin).GET().build());
      HttpResponse<String> preflight = send(web.request(at("/v1/session/login")).header("Origin", origin)
          .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type, x-csrf-token")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
      for (HttpResponse<String> r : List.of(simple, preflight)) {
        String what = (r == simple ? "GET /v1/session" : "preflight of POST /v1/session/login") + " from Origin " + origin;
        String allow = r.headers().firstValue("Access-Control-Allow-Origin").orElse(null);
        boolean credentials = r.headers().firstValue("Access-Control-Allow-Credentials").map("true"::equalsIgnoreCase).orElse(false);
        if (allow == null) {
          continue;
        }
        boolean wildcard = allow.equals("*");
        boolean reflected = allow.equals(origin);
        if ((wildcard || reflected) && credentials) {
          problems.add(what + " got Access-Control-Allow-Origin: " + allow + " with credentials: every site can read users' data");
        } else if (wildcard || reflected) {
          warnings.add(what + " got Access-Control-Allow-Origin: " + allow + " (without credentials)");
        }
      }
    }
    if (!problems.isEmpty()) {
      findings.add(Finding.fail("CORS", String.join("; ", problems),
          "allow only exact, listed origins (Portcullis: --allowed-origins https://app.example.com), never * or an echo"));
    } else if (!warnings.isEmpty()) {
      findings.add(Finding.warn("CORS", String.join("; ", warnings), "answer CORS only for listed origins"));
    } else {
      findings.add(Finding.pass("CORS", "made-up origins (" + probe + ", null) get no CORS permission"));
    }
  }

  // ---- session and token ----------------------------------------------------------------------

  private void session() {
    if (login.isEmpty()) {
      findings.add(Finding.warn("session cookie", "not checked: no login given",
          "give --email and the password (PORTCULLIS_DOCTOR_PASSWORD or --password-stdin) of a test user"));
      return;
    }
    HttpResponse<String> r = post("/v1/session/login", "application/json",
        Json.MAPPER.createObjectNode().put("email", login.get().email()).put("password", login.get().password()).toString());
    if (r.statusCode() != 200) {
      findings.add(Finding.fail("session cookie", "login answered " + r.statusCode() + errorOf(r) + "; cookie checks not run",
          "check --email and the password of the test user"));
      return;
    }
    List<String> setCookies = r.headers().allValues("Set-Cookie");
    findings.addAll(CookieChecks.check(setCookies));
    JsonNode answer = json(r.body());
    String csrf = answer == null ? null : answer.path("csrf_token").asText(null);
    if (csrf != null && !setCookies.isEmpty()) { // leave nothing behind: end the session doctor opened
      send(web.request(at("/v1/session/logout")).header("Cookie", CookieChecks.cookieHeader(setCookies))
          .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()).build());
    }
  }

  private void accessToken(Map<String, String> endpoints, Optional<Map<String, VerificationKey>> keys) {
    String check = "access-token lifetime";
    if (login.isEmpty() || clientId.isEmpty()) {
      findings.add(Finding.warn(check, "not checked: needs a login and --client-id of a client allowed the password grant",
          "give --client-id (portcullis clients add --type mobile --grant password,refresh_token) with --email and "
              + "the password of a test user"));
      return;
    }
    // credentials go to the URL given, never to an endpoint the metadata puts on another origin
    String tokenEndpoint = onOrigin(endpoints.get("token_endpoint")).orElse(base + "/v1/token");
    HttpResponse<String> r = send(web.request(URI.create(tokenEndpoint)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "username", login.get().email(),
            "password", login.get().password(), "client_id", clientId.get())))).build());
    JsonNode t = r.statusCode() == 200 ? json(r.body()) : null;
    if (t == null || !t.hasNonNull("access_token")) {
      findings.add(Finding.fail(check, "the password grant answered " + r.statusCode() + errorOf(r) + "; not checked",
          "give the client_id of a mobile client, and the test user's credentials"));
      return;
    }
    String access = t.get("access_token").asText();
    long expiresIn = t.path("expires_in").asLong(-1);
    Duration max = TokenPolicy.MAX_ACCESS_TTL;
    Long lifetime = null;
    try {
      SignedJWT jwt = SignedJWT.parse(access);
      if (jwt.getJWTClaimsSet().getIssueTime() != null && jwt.getJWTClaimsSet().getExpirationTime() != null) {
        lifetime = Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
            jwt.getJWTClaimsSet().getExpirationTime().toInstant()).toSeconds();
      }
    } catch (java.text.ParseException e) {
      findings.add(Finding.fail(check, "the access token is not a JWS", "issue RFC 9068 JWT access tokens"));
    }
    long longest = Math.max(expiresIn, lifetime == null ? -1 : lifetime);
    if (longest < 0) {
      findings.add(Finding.fail(check, "neither expires_in nor iat/exp tell the lifetime", "issue tokens with exp, iat and expires_in"));
    } else if (longest <= max.toSeconds()) {
      findings.add(Finding.pass(check, AccessTokenRules.human(Duration.ofSeconds(longest)) + " (at most "
          + AccessTokenRules.human(max) + ")"));
    } else {
      findings.add(Finding.fail(check, AccessTokenRules.human(Duration.ofSeconds(longest)) + ": a stolen token works that long, revoked or not",
          "at most 15 minutes (--access-ttl 10m) and refresh tokens for long logins"));
    }
    keys.ifPresent(k -> tokenMatchesDiscovery(access, k));
    String refresh = t.path("refresh_token").asText(null);
    if (refresh != null) { // end the login doctor opened
      send(web.request(URI.create(onOrigin(endpoints.get("revocation_endpoint")).orElse(base + "/v1/token/revoke")))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", refresh, "token_type_hint", "refresh_token",
              "client_id", clientId.get())))).build());
    }
  }

  private void tokenMatchesDiscovery(String access, Map<String, VerificationKey> keys) {
    String check = "token vs JWKS and metadata";
    try {
      SignedJWT jwt = JwsSignatureCheck.verify(access, TokenPolicy.DEFAULT_MAX_TOKEN_BYTES, h -> Optional.ofNullable(keys.get(h.getKeyID())));
      AccessTokenRules.fixedClaims(jwt, Optional.of(base.toString()));
      findings.add(Finding.pass(check, "a fresh access token verifies against the published JWKS and names the metadata's issuer"));
    } catch (AuthenticationException e) {
      findings.add(Finding.fail(check, "a fresh access token fails the server's own rules: " + e.logDetail(),
          "the JWKS must publish the signing key, and --issuer must be the URL clients use"));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private Optional<String> onOrigin(String url) {
    try {
      return url != null && sameOrigin(URI.create(url), base) ? Optional.of(url) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private URI at(String path) {
    return URI.create(base + path);
  }

  private HttpResponse<String> get(String path) {
    return send(web.request(at(path)).GET().build());
  }

  private HttpResponse<String> post(String path, String type, String body) {
    return send(web.request(at(path)).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    return web.send(request);
  }

  private static String errorOf(HttpResponse<String> r) {
    JsonNode n = json(r.body());
    return n != null && n.hasNonNull("error") ? " " + n.get("error").asText() : "";
  }

  private static JsonNode json(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  private static String form(Map<String, String> fields) {
    return String.join("&", fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
