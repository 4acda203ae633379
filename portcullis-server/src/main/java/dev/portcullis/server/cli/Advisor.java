package dev.portcullis.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The decision tree of {@code portcullis advise}: a kind of client (and where it lives, how many
 * instances, whether revocation must be instant) maps to a model and the Portcullis settings that
 * implement it. Pure: the command only asks and prints.
 */
final class Advisor {
  enum Client {
    BROWSER("browser", "a server-rendered web app (pages come from the server)"),
    SPA_SAME_SITE("spa-same-site", "a single-page app on the same site as the API (app.example.com + api.example.com)"),
    SPA_CROSS_SITE("spa-cross-site", "a single-page app on another site than the API (app.example.net + api.example.com)"),
    MOBILE("mobile", "a native mobile or desktop app"),
    PUBLIC_API("public-api", "third parties' scripts and programs calling your API"),
    SERVICE("service", "one of your back-end services calling another (no user)"),
    HYBRID("hybrid", "a web app and mobile apps over the same accounts and API");

    final String wire;
    final String meaning;

    Client(String wire, String meaning) {
      this.wire = wire;
      this.meaning = meaning;
    }

    static Client of(String text) {
      for (Client c : values()) {
        if (c.wire.equals(text.trim().toLowerCase(Locale.ROOT))) {
          return c;
        }
      }
      throw CliFailure.usage("--client: '" + text + "' is not one of " + names());
    }

    static String names() {
      return String.join(", ", java.util.Arrays.stream(values()).map(c -> c.wire).toList());
    }
  }

  /** The answers; domains may be null (not given), instances at least 1. */
  record Answers(Client client, String frontendDomain, String apiDomain, int instances, boolean instantRevocation) {}

  /** Two-label public suffixes common enough to matter here; a registrable domain is one label more. */
  private static final Set<String> MULTI_LABEL_SUFFIXES = Set.of("co.uk", "org.uk", "ac.uk", "com.au", "net.au",
      "co.nz", "co.jp", "com.br", "co.in", "co.za", "com.cn", "com.mx", "github.io", "herokuapp.com", "vercel.app",
      "netlify.app", "pages.dev", "azurewebsites.net", "cloudfront.net", "appspot.com");

  private Advisor() {}

  static Advice advise(Answers a) {
    List<String> why = new ArrayList<>();
    List<String> configure = new ArrayList<>();
    List<String> risks = new ArrayList<>();
    List<Advice.Mistake> mistakes = new ArrayList<>();
    Boolean sameSite = sameSite(a.frontendDomain(), a.apiDomain());
    // the domains decide over the label: a SPA called same-site that is not gets the cross-site advice
    Client client = a.client();
    if (client == Client.SPA_SAME_SITE && Boolean.FALSE.equals(sameSite)) {
      client = Client.SPA_CROSS_SITE;
      mistakes.add(new Advice.Mistake("claimed-same-site", "Calling it same-site when it is not: " + host(a.frontendDomain())
          + " and " + host(a.apiDomain()) + " are different sites (registrable domains " + registrable(a.frontendDomain()) + " and "
          + registrable(a.apiDomain()) + "), so a SameSite=Lax cookie is not sent with the SPA's requests. Advice below is for spa-cross-site.", true));
    } else if (client == Client.SPA_CROSS_SITE && Boolean.TRUE.equals(sameSite)) {
      client = Client.SPA_SAME_SITE;
      mistakes.add(new Advice.Mistake("needless-cross-site", "Going cross-site when it is not: " + host(a.frontendDomain()) + " and "
          + host(a.apiDomain()) + " are the same site (" + registrable(a.apiDomain()) + "), so SameSite=Lax works and SameSite=None"
          + " would only weaken CSRF protection. Advice below is for spa-same-site.", true));
    }
    String model = switch (client) {
      case BROWSER -> browser(why, configure, risks, mistakes);
      case SPA_SAME_SITE -> spaSameSite(a, why, configure, risks, mistakes);
      case SPA_CROSS_SITE -> spaCrossSite(a, why, configure, risks, mistakes);
      case MOBILE -> mobile(why, configure, risks, mistakes);
      case PUBLIC_API -> publicApi(why, configure, risks, mistakes);
      case SERVICE -> service(why, configure, risks, mistakes);
      case HYBRID -> hybrid(why, configure, risks, mistakes);
    };
    scale(a, why, configure, risks, mistakes);
    revocation(a, client, configure, risks);
    return new Advice(client.wire, model, why, configure, risks, mistakes);
  }

  private static String browser(List<String> why, List<String> configure, List<String> risks, List<Advice.Mistake> m) {
    why.add("The browser keeps an HttpOnly cookie that script cannot read; the session lives on the server, so logout and revocation are immediate.");
    why.add("No token handling in the page: nothing for XSS to steal and send elsewhere.");
    configure.add("./portcullis serve --public-url https://auth.example.com   (cookie __Host-portcullis; Secure; HttpOnly; SameSite=Lax; Path=/)");
    configure.add("Client type: browser. Log in with POST /v1/session/login; send the csrf_token it returns as X-CSRF-Token on every POST/PUT/PATCH/DELETE.");
    configure.add("Protect the app's routes with forward auth: nginx auth_request (or Traefik/Caddy) to GET /v1/check, see the README.");
    risks.add("CSRF: SameSite=Lax, the Origin check and the X-CSRF-Token header together; never turn one off.");
    risks.add("XSS: the cookie is HttpOnly, but script running in your page can still act as the user; send a Content-Security-Policy.");
    m.add(mistake("jwt-as-session", "Using a JWT as the browser session: it cannot be revoked before it expires, and ends up readable by script."));
    m.add(mistake("token-in-localstorage", "Keeping tokens in localStorage or sessionStorage: any XSS reads and exfiltrates them."));
    m.add(mistake("csrf-off", "Turning off CSRF protection because \"we use SameSite\": Lax still lets top-level GETs and same-site subdomains through."));
    return "Server-side session in a cookie";
  }

  private static String spaSameSite(Answers a, List<String> why, List<String> configure, List<String> risks,
      List<Advice.Mistake> m) {
    why.add("The SPA and the API share a site, so the browser sends a SameSite=Lax cookie with the SPA's fetch calls: the SPA needs no token at all.");
    configure.add("./portcullis serve --public-url https://" + or(a.apiDomain(), "auth.example.com") + " --allowed-origins https://"
        + or(a.frontendDomain(), "app.example.com") + "   (CORS for the SPA's origin, with credentials, never *)");
    configure.add("Client type: browser. fetch(url, {credentials: \"include\"}); keep csrf_token from the login answer in memory and send it as X-CSRF-Token.");
    risks.add("CSRF: same-site subdomains can send requests with the cookie; the X-CSRF-Token header and the Origin check stop them.");
    risks.add("XSS: script in the SPA acts as the user while the page is open; a strict Content-Security-Policy limits it.");
    m.add(mistake("token-in-localstorage", "Keeping tokens in localStorage or sessionStorage: any XSS reads and exfiltrates them."));
    m.add(mistake("cors-wildcard-credentials", "Answering CORS with Access-Control-Allow-Origin: * or by echoing any Origin, with credentials: every site can then read the user's data."));
    m.add(mistake("subdomain-takeover", "Forgetting that every subdomain is the same site: a forgotten or hijacked one can send the cookie; the CSRF token still stops it."));
    return "Cookie session shared with the SPA (same site)";
  }

  private static String spaCrossSite(Answers a, List<String> why, List<String> configure, List<String> risks,
      List<Advice.Mistake> m) {
    String app = or(a.frontendDomain(), "app.example.net");
    why.add("A SameSite=Lax cookie is not sent from another site, and a token in the page is exposed to XSS; three ways out, best first.");
    why.add("1. Backend-for-frontend: a small server on the SPA's own site keeps the Portcullis session and proxies API calls; the browser only sees a first-party cookie.");
    why.add("2. Put Portcullis on the SPA's site (auth." + registrable(app) + "): then it is spa-same-site, and SameSite=Lax works.");
    why.add("3. Cross-site cookie mode, if neither is possible: Safari and browsers that block third-party cookies will drop it.");
    configure.add("BFF: the BFF logs in with POST /v1/session/login and keeps the cookie server-side; or a browser client on auth." + registrable(app) + ".");
    configure.add("Cross-site mode: ./portcullis serve --cookie-samesite none --allowed-origins https://" + app
        + " --public-url https://" + or(a.apiDomain(), "auth.example.com") + "   (HTTPS only; fetch with credentials: \"include\"; X-CSRF-Token on every unsafe request)");
    risks.add("CSRF: with SameSite=None any site can make the browser send the cookie; the Origin check and X-CSRF-Token are the whole defence.");
    risks.add("Third-party cookie blocking: Safari (and Chrome for users who choose it) drops the cookie; test in those browsers, or use a BFF.");
    risks.add("XSS: script in the SPA acts as the user; a strict Content-Security-Policy limits it.");
    m.add(mistake("token-in-localstorage", "Working around cookies by putting access or refresh tokens in localStorage: any XSS steals them, for as long as the refresh token lives."));
    m.add(mistake("cors-wildcard-credentials", "Answering CORS with Access-Control-Allow-Origin: * or by echoing any Origin, with credentials: every site can then read the user's data."));
    m.add(mistake("samesite-none-without-csrf", "SameSite=None without an Origin check and CSRF tokens: every site can act as the user."));
    m.add(mistake("samesite-none-over-http", "Expecting SameSite=None to work over plain HTTP: browsers require Secure with it (Portcullis refuses to start so)."));
    return "Backend-for-frontend (or Portcullis on the SPA's site; cross-site cookie mode as a last resort)";
  }

  private static String mobile(List<String> why, List<String> configure, List<String> risks, List<Advice.Mistake> m) {
    why.add("An app is a public client: it cannot keep a secret, so it gets short-lived access tokens and a rotating refresh token instead.");
    why.add("Authorization code + PKCE in the system browser (RFC 8252, RFC 7636): the app never sees the password, and a stolen code is useless without the verifier.");
    configure.add("portcullis clients add --type mobile --name \"My app\" --redirect-uri com.example.app:/oauth2redirect   (a public client: no secret; a registered http://127.0.0.1/… matches any loopback port)");
    configure.add("Flow: authorization code + PKCE (S256) through the system browser at GET /oauth/authorize, the code exchanged with its code_verifier at POST /v1/token; AppAuth, oauth4webapi and openid-client read /.well-known/oauth-authorization-server. The password grant is legacy (RFC 9700) and refused unless the client lists it.");
    configure.add("Refresh at POST /v1/token (grant_type=refresh_token); every refresh rotates the token. Keep it in the Keychain / Android Keystore.");
    configure.add("./portcullis serve --access-ttl 10m --refresh-ttl 30d   (access at most 15m; raise --refresh-grace to e.g. 30s if the app refreshes from several threads)");
    risks.add("Refresh races: two requests refreshing at once look like reuse and revoke the login; refresh from one place, or set --refresh-grace.");
    risks.add("Token theft: a stolen refresh token is detected at its next reuse (the family is revoked); store it only in the platform's secure storage.");
    risks.add("Revocation lag: an access token verified locally works until it expires (--access-ttl).");
    m.add(mistake("secret-in-app", "Shipping a client secret in the app: it is extracted from the binary in minutes; mobile clients are public."));
    m.add(mistake("password-grant-third-party", "Letting third-party apps use the password grant, or an embedded web view for login: they see the user's password."));
    m.add(mistake("long-lived-access-token", "Long-lived access tokens instead of refresh: a stolen one works for days and cannot be recalled."));
    m.add(mistake("no-refresh-rotation", "Refresh tokens that do not rotate: theft is never detected."));
    return "Access token + rotating refresh token (authorization code + PKCE)";
  }

  private static String publicApi(List<String> why, List<String> configure, List<String> risks, List<Advice.Mistake> m) {
    why.add("Scripts and partners need a long-lived credential they can paste into a config: an API key, scoped, rate-limited, revocable at once.");
    configure.add("Each user creates keys with POST /v1/api-keys {name, scopes, expires_in_days} (shown once; only a hash is stored).");
    configure.add("Callers send Authorization: Bearer pcl_ak_…; protect the API with GET /v1/check (forward auth), which accepts keys.");
    configure.add("./portcullis serve --api-key-rate 600/1m   (per key, across instances); rotate with POST /v1/api-keys/{id}/rotate and a grace.");
    risks.add("Leaked keys: they end up in repositories and logs; the pcl_ak_ prefix lets secret scanners find them, revoke with portcullis api-keys revoke.");
    risks.add("Abuse: one key flooding the API; the per-key rate limit answers 429 with Retry-After.");
    m.add(mistake("key-in-url", "Keys in URLs or query strings: they are logged by every proxy and kept in browser history."));
    m.add(mistake("key-without-scope-or-expiry", "One all-powerful key that never expires: give each key the scopes it needs and an expiry."));
    m.add(mistake("key-in-browser", "API keys in front-end code: anyone can read them; browsers get sessions."));
    return "API keys";
  }

  private static String service(List<String> why, List<String> configure, List<String> risks, List<Advice.Mistake> m) {
    why.add("No user is present: the service authenticates as itself with the OAuth client-credentials grant (RFC 6749 section 4.4) and gets a short-lived JWT.");
    why.add("The receiving service verifies the JWT locally against the JWKS: no call to Portcullis per request.");
    configure.add("portcullis clients add --type service --name billing --audience https://api.example.com --scope invoices:read   (the secret is printed once)");
    configure.add("POST /v1/token grant_type=client_credentials with client_id + client_secret (Basic auth); cache the token until shortly before expires_in.");
    configure.add("Receivers verify iss, aud, exp, typ at+jwt against /.well-known/jwks.json (see docs/resource-servers.md); debug with portcullis jwt verify.");
    risks.add("Secret handling: keep the client secret in a secret manager, never in the repository; rotate by adding a new client.");
    risks.add("Revocation lag: a token verified locally works until it expires (--access-ttl).");
    m.add(mistake("decode-without-verify", "Decoding the JWT and trusting its claims without verifying the signature."));
    m.add(mistake("no-aud-check", "Not checking aud: a token meant for another service is accepted."));
    m.add(mistake("alg-confusion", "Accepting the alg the token names (none, or HS256 with the public key as secret): pin the algorithms (Portcullis: ES256, EdDSA, RS256)."));
    m.add(mistake("shared-user-credentials", "A service logging in as a shared \"robot\" user with a password."));
    return "Client credentials (service JWT)";
  }

  private static String hybrid(List<String> why, List<String> configure, List<String> risks, List<Advice.Mistake> m) {
    why.add("One account, two kinds of client: the web app gets a cookie session, the mobile app tokens; forward auth accepts both in front of the same API.");
    configure.add("Web: client type browser, POST /v1/session/login, X-CSRF-Token on unsafe requests.");
    configure.add("Mobile: portcullis clients add --type mobile --redirect-uri …; authorization code + PKCE at /oauth/authorize, refresh tokens rotated.");
    configure.add("API: GET /v1/check with --check-methods session,jwt,api_key (the default) sees which credential came, in X-Auth-Method.");
    risks.add("Two revocation paths: a logout ends the session at once, app logins end at their next refresh; force-logout (portcullis users force-logout) ends both.");
    risks.add("CSRF applies to the cookie path only; bearer calls are not exposed to it.");
    m.add(mistake("tokens-for-web-too", "Giving the web app the mobile app's tokens (in localStorage) \"to have one path\": the web app loses HttpOnly protection."));
    m.add(mistake("secret-in-app", "Shipping a client secret in the app: mobile clients are public."));
    return "Cookie sessions for the web, tokens for the apps, one account";
  }

  private static void scale(Answers a, List<String> why, List<String> configure, List<String> risks, List<Advice.Mistake> m) {
    if (a.instances() > 1) {
      configure.add("Shared store for " + a.instances() + " instances: --postgres-url jdbc:postgresql://… --redis-url redis://…, the same --issuer"
          + " and --public-url on each, and the same PORTCULLIS_KEY_ENCRYPTION_KEY in every environment.");
      risks.add("Shared store: sessions, throttles and the deny list must be in Redis or one instance forgets what another decided; Redis down means 503, never logged out.");
      m.add(new Advice.Mistake("per-instance-store", "Running " + a.instances() + " instances each on its own embedded store: a session from one is unknown to the next, and login limits multiply.", false));
    } else {
      configure.add("One instance: the embedded store (--data ./data) is enough; move to --postgres-url and --redis-url before adding a second.");
    }
  }

  private static void revocation(Answers a, Client client, List<String> configure, List<String> risks) {
    boolean tokens = Set.of(Client.MOBILE, Client.SERVICE, Client.HYBRID).contains(client);
    if (a.instantRevocation() && tokens) {
      configure.add("Instant revocation: have resource servers ask Portcullis on each request, with token introspection (POST /v1/token/introspect, a"
          + " resource-server client: portcullis clients add --type resource-server) or forward auth (GET /v1/check); both see logouts and"
          + " forced logouts at once. Local JWT verification cannot.");
    } else if (a.instantRevocation()) {
      configure.add("Instant revocation: sessions and API keys are checked against the store on every request already; protect routes"
          + " with GET /v1/check and a logout or revoked key is refused at the next request.");
    } else if (tokens) {
      risks.add("Revocation lag: without introspection or forward auth, a revoked login's access tokens work until they expire;"
          + " keep --access-ttl short (default 10m).");
    }
  }

  /**
   * Whether two hosts share a registrable domain ("site", as SameSite means it); null when either
   * is unknown. Uses a short list of multi-label public suffixes, not the whole Public Suffix List.
   */
  static Boolean sameSite(String a, String b) {
    if (a == null || b == null || a.isBlank() || b.isBlank()) {
      return null;
    }
    return registrable(host(a)).equals(registrable(host(b)));
  }

  static String host(String domainOrUrl) {
    String s = domainOrUrl.trim().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
    int end = s.length();
    for (char c : new char[] {'/', ':', '?', '#'}) {
      int i = s.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    s = s.substring(0, end);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  static String registrable(String host) {
    String h = host(host);
    if (h.matches("[0-9.]+") || !h.contains(".")) {
      return h;
    }
    String[] labels = h.split("\\.");
    int n = labels.length;
    String lastTwo = labels[n - 2] + "." + labels[n - 1];
    int take = MULTI_LABEL_SUFFIXES.contains(lastTwo) && n >= 3 ? 3 : 2;
    return String.join(".", java.util.Arrays.copyOfRange(labels, n - take, n));
  }

  private static Advice.Mistake mistake(String id, String text) {
    return new Advice.Mistake(id, text, false);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : host(value);
  }
}
