package dev.portcullis.check;

import dev.portcullis.error.AuthException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The answer of the forward-auth check: who (when allowed) or why not (a 401 or 403 failure), and in
 * either case a session secret the browser must receive, if validation had to rotate it.
 * {@code deadSession}: the session cookie presented is no good (unknown, expired, ended, or just
 * revoked by the context watch), so the browser should drop it.
 */
public record Verdict(Optional<Identity> identity, Optional<AuthException> refusal, Optional<NewSession> newSession,
    boolean deadSession) {

  /** Whom the proxy lets through, and how they proved it. */
  public record Identity(String userId, ForwardAuthPolicy.Method method, Set<String> scopes, Set<String> roles) {
    public Identity {
      scopes = Set.copyOf(scopes);
      roles = Set.copyOf(roles);
    }
  }

  /** A rotated session secret (after a privilege change) and how long its cookie lives. */
  public record NewSession(String token, Duration cookieLifetime) {
    @Override
    public String toString() {
      return "NewSession[" + cookieLifetime + "]"; // never the secret
    }
  }

  static Verdict allowed(Identity identity, Optional<NewSession> newSession) {
    return new Verdict(Optional.of(identity), Optional.empty(), newSession, false);
  }

  static Verdict refused(AuthException refusal, Optional<NewSession> newSession, boolean deadSession) {
    return new Verdict(Optional.empty(), Optional.of(refusal), newSession, deadSession);
  }
}
