package dev.portcullis.device;

import dev.portcullis.session.Session;
import dev.portcullis.token.RefreshFamily;
import java.time.Instant;

/**
 * One place where the user is signed in, as their device list shows it: a browser session or an
 * app's login (a refresh-token family). Not to be confused with {@link dev.portcullis.auth.Device},
 * which is where a single request came from.
 *
 * @param id the public handle ({@code s_…} or {@code f_…}); never a secret
 * @param current true for the session or app login the listing request itself was made with
 * @param clientId the app's client id; null for a browser
 */
public record SignedInDevice(
    String id,
    Kind kind,
    Instant createdAt,
    Instant lastSeenAt,
    String userAgent,
    String ip,
    boolean current,
    String clientId) {

  public enum Kind {
    BROWSER,
    APP
  }

  static SignedInDevice of(Session s, String currentId) {
    return new SignedInDevice(s.id(), Kind.BROWSER, s.createdAt(), s.lastSeenAt(), s.userAgent(), s.ip(),
        s.id().equals(currentId), null);
  }

  static SignedInDevice of(RefreshFamily f, String currentId) {
    return new SignedInDevice(f.id(), Kind.APP, f.createdAt(), f.lastUsedAt(), f.userAgent(), f.ip(),
        f.id().equals(currentId), f.clientId());
  }
}
