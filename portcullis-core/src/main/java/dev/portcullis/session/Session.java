package dev.portcullis.session;

import java.time.Instant;

/**
 * A browser session as stored. {@code id} is the stable public handle shown in device lists; the
 * cookie carries a separate 256-bit secret of which only {@code tokenHash} (SHA-256) is kept.
 * {@code expiresAt} is the earlier of the idle deadline ({@code lastSeenAt + idle}) and {@code
 * absoluteExpiresAt}. Roles are not cached here: they are re-read from the account on each use.
 * {@code tokenVersion} is the account's token version as of the password check that made the
 * session; once password change or forced logout bumps the account past it, the session is dead,
 * even if it was created after the bulk revocation (a login already in flight).
 */
public record Session(
    String id,
    String userId,
    String tokenHash,
    Instant createdAt,
    Instant authTime,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant absoluteExpiresAt,
    long privilegeVersion,
    long tokenVersion,
    String userAgent,
    String ip) {

  public Session withLastSeen(Instant lastSeen, Instant newExpiresAt) {
    return new Session(id, userId, tokenHash, createdAt, authTime, lastSeen, newExpiresAt,
        absoluteExpiresAt, privilegeVersion, tokenVersion, userAgent, ip);
  }

  public Session withToken(String newHash, long newPrivilegeVersion) {
    return new Session(id, userId, newHash, createdAt, authTime, lastSeenAt, expiresAt,
        absoluteExpiresAt, newPrivilegeVersion, tokenVersion, userAgent, ip);
  }

  @Override
  public String toString() {
    return "Session[id=" + id + ", userId=" + userId + "]"; // never the hash
  }
}
