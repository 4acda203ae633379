package dev.portcullis.device;

import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.session.SessionService;
import dev.portcullis.token.RefreshFamily;
import dev.portcullis.token.RefreshTokenService;
import java.util.ArrayList;
import java.util.List;

/**
 * "My devices": the user's browser sessions and app logins as one list, and ending either by its id.
 * The one place that knows which store holds an id, so no face routes by id itself.
 */
public final class DeviceService {
  private final SessionService sessions;
  private final RefreshTokenService refreshTokens;

  public DeviceService(SessionService sessions, RefreshTokenService refreshTokens) {
    this.sessions = sessions;
    this.refreshTokens = refreshTokens;
  }

  /** Browser sessions, then app logins, each newest first; the one the caller uses is marked current. */
  public List<SignedInDevice> list(Principal caller) {
    return list(caller.userId(), caller.sessionId());
  }

  /** A user's devices as an administrator sees them: none of them is the current one. */
  public List<SignedInDevice> listOf(String userId) {
    return list(userId, null);
  }

  /** An administrator ends one device of {@code userId}; {@code NotFoundException} if it is not theirs. */
  public void revokeOf(String userId, String id, Device origin) {
    if (id.startsWith(RefreshFamily.ID_PREFIX)) {
      refreshTokens.revoke(userId, id, origin);
    } else {
      sessions.revoke(userId, id, origin);
    }
  }

  private List<SignedInDevice> list(String userId, String currentId) {
    List<SignedInDevice> out = new ArrayList<>();
    sessions.list(userId).forEach(s -> out.add(SignedInDevice.of(s, currentId)));
    refreshTokens.list(userId).forEach(f -> out.add(SignedInDevice.of(f, currentId)));
    return out;
  }

  /**
   * Ends one of the caller's devices; {@code NotFoundException} if {@code id} is not one of the
   * caller's (not 403: nobody probes another user's ids). Ending an app login also deny-lists the
   * access tokens it was issued.
   *
   * @return true if that was the caller's own browser session, whose cookie the face now drops
   */
  public boolean revoke(Principal caller, String id, Device origin) {
    revokeOf(caller.userId(), id, origin);
    return caller.isBrowserSession() && !id.startsWith(RefreshFamily.ID_PREFIX) && id.equals(caller.sessionId());
  }

  /** Ends every device of the caller but the one this request was made with, whichever kind it is. */
  public void revokeOthers(Principal caller, Device origin) {
    sessions.revokeOthers(caller.userId(), caller.sessionId(), origin);
    refreshTokens.revokeOthers(caller.userId(), caller.sessionId(), origin);
  }
}
