package dev.portcullis.check;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.apikey.ApiKey;
import dev.portcullis.apikey.ApiKeyFormat;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.check.ForwardAuthPolicy.Method;
import dev.portcullis.check.Verdict.Identity;
import dev.portcullis.check.Verdict.NewSession;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.session.ContextWatch;
import dev.portcullis.session.SessionService;
import dev.portcullis.token.AccessTokenVerifier;
import dev.portcullis.token.VerifiedAccessToken;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Forward auth: may the request a reverse proxy holds back (nginx {@code auth_request}, Traefik
 * ForwardAuth, Caddy {@code forward_auth}) pass, and as whom? One use case for every proxy face.
 *
 * <p>A bearer credential is judged if present (an API key by its {@code pcl_ak_} prefix, otherwise
 * an access token), else the session cookie. A browser session on an unsafe original method gets
 * the same CSRF rules as the server's own routes: the Origin check, then the {@code X-CSRF-Token}.
 * Roles always come from the account. A session goes through the same {@link ContextWatch} as on
 * the server's own routes, with the device the proxy forwards: in revoke mode a session replayed
 * from another browser family or network is ended and refused like any dead one. A store failure is
 * thrown ({@code StoreUnavailableException}, 503), never turned into a refusal: a transient fault
 * must not look like "logged out".
 */
public final class ForwardAuth {
  /** RFC 9110 section 9.2.1; every other method is unsafe. */
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final SessionService sessions;
  private final AccessTokenVerifier accessTokens;
  private final ApiKeyService apiKeys;
  private final AccountStore accounts;
  private final OriginPolicy origins;
  private final AuditLog audit;
  private final ContextWatch contextWatch;
  private final Clock clock;
  private final ForwardAuthPolicy policy;
  private final SignInRedirect signIn;

  public ForwardAuth(SessionService sessions, AccessTokenVerifier accessTokens, ApiKeyService apiKeys,
      AccountStore accounts, OriginPolicy origins, AuditLog audit, ContextWatch contextWatch, Clock clock,
      ForwardAuthPolicy policy) {
    this.sessions = sessions;
    this.accessTokens = accessTokens;
    this.apiKeys = apiKeys;
    this.accounts = accounts;
    this.origins = origins;
    this.audit = audit;
    this.contextWatch = contextWatch;
    this.clock = clock;
    this.policy = policy;
    this.signIn = new SignInRedirect(policy.signInUrl(), origins);
  }

  /** Judges one request. Throws only what is neither a 401 nor a 403 (503, 429). */
  public Verdict check(CheckRequest r) {
    SessionService.Validated session = null;
    boolean cookieJudged = false;
    try {
      Identity identity;
      if (r.bearer() != null) {
        identity = bearer(r.bearer(), r);
      } else if (r.sessionCookie() != null && policy.accepts(Method.SESSION)) {
        cookieJudged = true;
        SessionService.Validated v = sessions.validate(r.sessionCookie());
        if (!contextWatch.admit(v.session(), r.device())) {
          // ended: a secret it was just rotated to is dead too, so none is handed out
          throw AuthenticationException.sessionExpired("session used from another browser family or network; revoked");
        }
        session = v;
        identity = browser(session, r);
      } else {
        throw AuthenticationException.unauthenticated();
      }
      if (!identity.roles().containsAll(r.requiredRoles())) {
        throw AccessDeniedException.forbidden();
      }
      if (!identity.scopes().containsAll(r.requiredScopes())) {
        // RFC 6750 section 3.1; a browser session holds no scopes, so a scoped check is for tokens and keys
        throw AccessDeniedException.insufficientScope(r.requiredScopes());
      }
      return Verdict.allowed(identity, newSession(session));
    } catch (AuthenticationException | AccessDeniedException e) {
      // the store already holds a rotated secret: the browser gets it whatever the verdict; a
      // cookie that validation or the context watch refused is dead, and is cleared
      return Verdict.refused(e, newSession(session), cookieJudged && session == null);
    }
  }

  /**
   * Where a browser navigating without a valid credential is sent: the configured sign-in URL with
   * {@code originalUri} as {@code return_to} when it is a path or a URL of an allowed origin (never
   * an open redirect); empty when no sign-in URL is configured.
   */
  public Optional<String> signInLocation(String originalUri) {
    return signIn.location(originalUri);
  }

  private Identity bearer(String token, CheckRequest r) {
    if (token.isEmpty()) {
      throw AuthenticationException.invalidToken("empty bearer token");
    }
    if (ApiKeyFormat.looksLikeApiKey(token)) {
      refuseUnless(Method.API_KEY);
      ApiKeyService.Authenticated a = apiKeys.authenticate(token, r.device());
      ApiKey key = a.apiKey();
      return new Identity(key.userId(), Method.API_KEY, key.scopes(), account(key.userId(), a.accountCounter()).roles());
    }
    refuseUnless(Method.JWT);
    AccessTokenVerifier.Verified v = accessTokens.verifyForRequest(token);
    VerifiedAccessToken t = v.token();
    if (!t.isUserToken()) {
      // a client-credentials token names no user: X-Auth-User would have nothing true to say
      throw new AccessDeniedException("forbidden", "This check needs a user's credential.");
    }
    return new Identity(t.subject(), Method.JWT, t.scopes(), account(t.subject(), v.accountCounter()).roles());
  }

  private void refuseUnless(Method method) {
    if (!policy.accepts(method)) {
      throw new AuthenticationException("invalid_token", "This kind of credential is not accepted here.",
          method.wireName() + " credentials are turned off for forward auth");
    }
  }

  private Account account(String userId, OptionalLong counterReadInThisRequest) {
    return accounts.findById(userId, counterReadInThisRequest)
        .orElseThrow(() -> AuthenticationException.invalidToken("credential of deleted account " + userId));
  }

  private Identity browser(SessionService.Validated v, CheckRequest r) {
    String method = r.originalMethod() == null ? "GET" : r.originalMethod().trim().toUpperCase(Locale.ROOT);
    if (!SAFE.contains(method)) {
      String refused = origins.refuse(r.origin(), r.secFetchSite(), r.ownOrigin());
      if (refused == null && !sessions.csrfMatches(v.session(), r.csrfToken())) {
        refused = r.csrfToken() == null ? "missing CSRF token" : "wrong CSRF token";
      }
      if (refused != null) {
        audit.record(new AuditEvent(clock.instant(), AuditEvent.CSRF_FAILED, v.account().id(), r.device().ip(),
            r.device().userAgent(), refused + " on a forwarded " + method));
        throw AccessDeniedException.csrf(refused);
      }
    }
    return new Identity(v.account().id(), Method.SESSION, Set.of(), v.account().roles());
  }

  private Optional<NewSession> newSession(SessionService.Validated v) {
    return v == null ? Optional.empty()
        : v.rotatedToken().map(t -> new NewSession(t, sessions.cookieLifetime(v.session())));
  }
}
