package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow's parameters against a real server: the authorization request
 * ({@code GET /oauth/authorize}, RFC 6749 §4.1.1 with PKCE, RFC 7636) and the code's exchange at
 * the token endpoint (RFC 6749 §4.1.3). The oracles are the flow's security promises, checked from
 * the outside with their own parsing, not with the server's:
 *
 * <ul>
 *   <li>never a 5xx, never no answer;
 *   <li>never a redirect to a URI that is not exactly a registered redirect URI of the client the
 *       request names (RFC 9700 §2.1; a loopback URI on another port excepted, RFC 8252 §7.3): while
 *       the client or the redirect URI is in doubt, the error is a page (RFC 6749 §4.1.2.1). The
 *       only other redirect is to this server's own sign-in page, and only for a valid request;
 *   <li>every redirect to the app carries {@code iss} (RFC 9207 §2) and, when the request had one,
 *       the {@code state} exactly as sent (RFC 6749 §4.1.2); a {@code code} only for {@code
 *       response_type=code} with an S256 challenge and no repeated parameter;
 *   <li>the token endpoint never gives a token for a code but with exactly that code, its client,
 *       its redirect URI and the verifier of its challenge (RFC 7636 §4.6), each sent once.
 * </ul>
 *
 * <p>Placeholders: {@code {app}} is a mobile client of the code flow, {@code {web}} a browser client,
 * {@code {client}} a client without redirect URIs, {@code {session}} a live session cookie's value;
 * in the exchange also {@code {code}} (a code issued just before the input, for {@code {app}} and
 * {@code https://app.example/cb}) and {@code {verifier}} (its PKCE verifier).
 */
class AuthorizeFuzzTest {
  static final String APP_REDIRECT = "https://app.example/cb";
  private static final List<String> APP_URIS = List.of(APP_REDIRECT, "https://app.example/cb?mode=a",
      "http://127.0.0.1/callback", "http://[::1]:8080/cb?x=1", "com.example.app:/oauth2redirect");
  private static final List<String> WEB_URIS = List.of("https://web.example/cb", "http://127.0.0.1:9000/web");
  private static final Set<String> FRAMING = Set.of("host", "content-length", "transfer-encoding", "connection", "expect");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static FuzzServer server;
  private static String issuer;
  /** Each client's registered redirect URIs, by client id. */
  private static final Map<String, List<String>> REGISTERED = new LinkedHashMap<>();
  private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server = new FuzzServer();
    issuer = server.call("GET", "/.well-known/oauth-authorization-server", null).json().get("issuer").asText();
    String app = register("mobile", APP_URIS);
    String web = register("browser", WEB_URIS);
    REGISTERED.put(server.credential("{client}"), List.of());
    PLACEHOLDERS.put("{app}", app);
    PLACEHOLDERS.put("{web}", web);
  }

  private static String register(String type, List<String> uris) {
    String json = "{\"type\":\"" + type + "\",\"name\":\"fuzz " + type + "\",\"redirect_uris\":[\""
        + String.join("\",\"", uris) + "\"]}";
    String id = server.call("POST", "/v1/admin/clients", json, "Authorization: Bearer " + FuzzServer.ADMIN_TOKEN)
        .json().get("client_id").asText();
    REGISTERED.put(id, uris);
    return id;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String fill(String text, Map<String, String> more) {
    String out = text;
    for (Map.Entry<String, String> e : more.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : PLACEHOLDERS.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return server.fill(out);
  }

  /**
   * Input, as text: the query string of {@code GET /oauth/authorize} on the first line, then header
   * lines (such as {@code Cookie: portcullis_session={session}} for a signed-in browser).
   */
  @FuzzTest
  void anAuthorizationRequestRedirectsOnlyToARegisteredUriWithIssAndState(byte[] data) {
    FuzzServer.allowLoopback();
    String[] lines = fill(new String(data, StandardCharsets.ISO_8859_1), Map.of()).replace("\r", "").split("\n", -1);
    String query = lines[0];
    StringBuilder head = new StringBuilder("GET /oauth/authorize?").append(query).append(" HTTP/1.1\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && !FRAMING.contains(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
        head.append(lines[i]).append("\r\n");
      }
    }
    FuzzServer.Answer answer = server.send(head.toString().getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
    assertThat(answer.status()).as("answer to %s", head).isBetween(100, 499);
    // RFC 3986 §3.5: a fragment is not part of the query (Jetty drops one from a request target)
    checkAuthorizationAnswer(query.replaceFirst("#.*", ""), answer);
    if (header(answer, "Set-Cookie") != null) {
      server.renewIfSpent(""); // the session cookie may have been rotated or cleared
    }
  }

  static void checkAuthorizationAnswer(String query, FuzzServer.Answer answer) {
    String location = header(answer, "Location");
    if (location == null) {
      assertThat(answer.status() / 100).as("a redirect without a Location").isNotEqualTo(3);
      return;
    }
    Map<String, List<String>> q = decode(query);
    String redirectUri = validatedRedirectUri(q);
    assertThat(redirectUri).as("a redirect (%s) for a request whose client and redirect_uri did not validate: %s",
        location, query).isNotNull();
    if (location.startsWith("/")) {
      // RFC 6749 §4.1.1: the user signs in on this server's own page first
      assertThat(answer.status()).isEqualTo(303);
      assertThat(location).startsWith("/signin?return_to=");
      return;
    }
    assertThat(location).as("RFC 6749 §4.1.2: the redirect URI as requested, with the answer in its query")
        .startsWith(redirectUri + (redirectUri.contains("?") ? "&" : "?"));
    assertThat(location).doesNotContain("#");
    Map<String, List<String>> back = decode(location.substring(redirectUri.length() + 1));
    assertThat(back).as("the parameters added to %s", location).isNotNull();
    assertThat(back.get("iss")).as("RFC 9207 §2: iss in %s", location).containsExactly(issuer);
    List<String> state = q.getOrDefault("state", List.of());
    boolean oneState = state.size() == 1 && !state.get(0).isEmpty();
    if (back.containsKey("code")) {
      assertThat(back.keySet()).isSubsetOf("code", "state", "iss");
      assertThat(back.get("code")).hasSize(1);
      // RFC 6749 §4.1.2: state exactly as the client sent it; RFC 7636 §4.4.1 and this server: S256 only
      assertThat(back.getOrDefault("state", List.of())).as("state in %s", location)
          .isEqualTo(oneState ? state : List.of());
      assertThat(q.get("response_type")).containsExactly("code");
      assertThat(q.get("code_challenge_method")).containsExactly("S256");
      assertThat(q.get("code_challenge")).hasSize(1);
      assertThat(q.get("code_challenge").get(0)).matches("[A-Za-z0-9_-]{43}");
      assertThat(q.values()).as("RFC 6749 §3.1: no parameter repeated").allMatch(v -> v.size() == 1);
    } else {
      assertThat(back.keySet()).contains("error").isSubsetOf("error", "error_description", "state", "iss");
      assertThat(back.get("error")).hasSize(1);
      if (back.containsKey("state")) {
        assertThat(back.get("state")).as("state in %s", location).isEqualTo(state);
      }
    }
  }

  /**
   * The redirect URI of {@code q} if it names, once each, a client and one of its registered
   * redirect URIs: exactly, or a loopback one on another port (RFC 8252 §7.3). Null otherwise.
   */
  private static String validatedRedirectUri(Map<String, List<String>> q) {
    if (q == null) {
      return null;
    }
    List<String> ids = q.getOrDefault("client_id", List.of());
    List<String> uris = q.getOrDefault("redirect_uri", List.of());
    if (ids.size() != 1 || uris.size() != 1 || !REGISTERED.containsKey(ids.get(0))) {
      return null;
    }
    String requested = uris.get(0);
    return REGISTERED.get(ids.get(0)).stream().anyMatch(r -> r.equals(requested) || sameLoopbackButPort(r, requested))
        ? requested : null;
  }

  private static boolean sameLoopbackButPort(String registered, String requested) {
    try {
      URI r = new URI(registered);
      URI q = new URI(requested);
      return "http".equals(r.getScheme()) && "http".equals(q.getScheme())
          && Set.of("127.0.0.1", "[::1]").contains(r.getHost()) && r.getHost().equals(q.getHost())
          && q.getRawUserInfo() == null && q.getRawFragment() == null
          && java.util.Objects.equals(r.getRawPath(), q.getRawPath())
          && java.util.Objects.equals(r.getRawQuery(), q.getRawQuery());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Input: an {@code application/x-www-form-urlencoded} body for {@code POST /v1/token}; {@code {code}}
   * and {@code {verifier}} are a fresh code and its verifier.
   */
  @FuzzTest
  void aCodeIsExchangedOnlyWithItsVerifierClientAndRedirectUri(byte[] data) {
    FuzzServer.allowLoopback();
    String text = new String(data, StandardCharsets.ISO_8859_1);
    Map<String, String> fresh = new LinkedHashMap<>();
    if (text.contains("{code}") || text.contains("{verifier}")) {
      String verifier = randomVerifier();
      fresh.put("{code}", issueCode(verifier));
      fresh.put("{verifier}", verifier);
    }
    String body = fill(text, fresh);
    FuzzServer.Answer answer = token(body);
    assertThat(answer.status()).as("answer to %s", body).isBetween(100, 499);
    if (answer.status() / 100 == 2 || answer.body().contains("access_token")) {
      // RFC 6749 §4.1.3, RFC 7636 §4.6: a token only for the code, with its client, redirect URI and
      // verifier, each sent once. A pair that is not UTF-8 percent-encoding may be ignored: it cannot
      // hold any of them (the server reads it its own way, which is not this oracle's business).
      Map<String, List<String>> form = decode(body, false);
      assertThat(form.get("grant_type")).as("a token for %s", body).containsExactly("authorization_code");
      assertThat(form.get("code")).as("a token for %s", body).containsExactly(fresh.get("{code}"));
      assertThat(form.get("code_verifier")).as("a token for %s", body).containsExactly(fresh.get("{verifier}"));
      assertThat(form.get("client_id")).as("a token for %s", body).containsExactly(PLACEHOLDERS.get("{app}"));
      assertThat(form.get("redirect_uri")).as("a token for %s", body).containsExactly(APP_REDIRECT);
    }
  }

  /**
   * The harness reaches what the oracles are about: a valid request gets a code (the oracle above
   * passes on it), and the code with its verifier gets a token, with the wrong one none.
   */
  @Test
  void theHarnessReachesACodeAndAToken() {
    String verifier = randomVerifier();
    String base = "grant_type=authorization_code&client_id={app}&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code={code}";
    String wrong = fill(base + "&code_verifier=" + randomVerifier(), Map.of("{code}", issueCode(verifier)));
    assertThat(token(wrong).status()).isEqualTo(400);
    FuzzServer.Answer right = token(fill(base + "&code_verifier={verifier}",
        Map.of("{code}", issueCode(verifier), "{verifier}", verifier)));
    assertThat(right.status()).as(right.body()).isEqualTo(200);
    assertThat(right.json().get("access_token").asText()).isNotEmpty();
  }

  private static FuzzServer.Answer token(String form) {
    return server.send(("POST /v1/token HTTP/1.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n").getBytes(StandardCharsets.ISO_8859_1),
        form.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String randomVerifier() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A code for {@code {app}} and {@link #APP_REDIRECT}, with the S256 challenge of {@code verifier}. */
  private static String issueCode(String verifier) {
    String challenge;
    try {
      challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (int attempt = 0; ; attempt++) {
      String request = "GET /oauth/authorize?response_type=code&client_id=" + PLACEHOLDERS.get("{app}")
          + "&redirect_uri=" + URLEncoder.encode(APP_REDIRECT, StandardCharsets.UTF_8) + "&code_challenge=" + challenge
          + "&code_challenge_method=S256&state=s HTTP/1.1\r\nCookie: portcullis_session="
          + server.credential("{session}") + "\r\n";
      FuzzServer.Answer a = server.send(request.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
      String location = header(a, "Location");
      if (a.status() == 302 && location != null && location.startsWith(APP_REDIRECT + "?code=")) {
        return decode(location.substring(APP_REDIRECT.length() + 1)).get("code").get(0);
      }
      if (attempt > 0) {
        throw new AssertionError("no code for a valid request with a live session: " + a.status() + " " + a.head());
      }
      server.renew(); // the session was rotated or ended
    }
  }

  static String header(FuzzServer.Answer answer, String name) {
    for (String line : answer.head().split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  /**
   * {@code a=b&c=d} decoded (RFC 6749 appendix B: UTF-8, percent-encoded); null if it is not valid
   * percent-encoding of UTF-8.
   */
  static Map<String, List<String>> decode(String raw) {
    return decode(raw, true);
  }

  /** As {@link #decode(String)}; unless {@code strict}, a pair that does not decode is left out. */
  static Map<String, List<String>> decode(String raw, boolean strict) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = utf8(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.ISO_8859_1));
        String v = eq < 0 ? "" : utf8(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.ISO_8859_1));
        out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      } catch (IllegalArgumentException | CharacterCodingException e) {
        if (strict) {
          return null;
        }
      }
    }
    return out;
  }

  /** The bytes that {@code latin1} holds one per character, read as UTF-8 with no replacement. */
  private static String utf8(String latin1) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
        .toString();
  }
}
