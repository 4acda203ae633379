package dev.portcullis.server.routes;

import dev.portcullis.auth.Device;
import dev.portcullis.server.http.Dto;
import dev.portcullis.token.RefreshFamily;
import dev.portcullis.token.RefreshTokenService;
import java.util.List;
import java.util.Map;

/** Refresh-token families shown beside browser sessions as devices of kind {@code app}. */
public final class AppDevices implements SessionRoutes.DeviceSource {
  private final RefreshTokenService refreshTokens;

  public AppDevices(RefreshTokenService refreshTokens) {
    this.refreshTokens = refreshTokens;
  }

  @Override
  public List<Map<String, Object>> list(String userId, String currentId) {
    return refreshTokens.list(userId).stream().map(f -> dto(f, currentId)).toList();
  }

  private static Map<String, Object> dto(RefreshFamily f, String currentId) {
    return Dto.of("session_id", f.id(), "kind", "app", "created_at", f.createdAt(),
        "last_seen_at", f.lastUsedAt(), "user_agent", f.userAgent(), "ip", f.ip(),
        "current", f.id().equals(currentId), "client_id", f.clientId());
  }

  @Override
  public boolean revoke(String userId, String id, Device device) {
    if (!id.startsWith("f_")) {
      return false;
    }
    refreshTokens.revoke(userId, id, device); // 404 if it is not this user's
    return true;
  }

  @Override
  public int revokeAllExcept(String userId, String keepId, Device device) {
    int n = 0;
    for (RefreshFamily f : refreshTokens.list(userId)) {
      if (!f.id().equals(keepId)) {
        refreshTokens.revoke(userId, f.id(), device);
        n++;
      }
    }
    return n;
  }
}
