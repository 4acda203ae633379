package dev.portcullis.token;

import java.time.Instant;
import java.util.Set;

/**
 * One login of one app on one device: the chain of refresh tokens that replace each other. Only
 * SHA-256 hashes of tokens are kept. {@code id} ({@code f_…}) is the stable public handle shown in
 * device lists and carried in access tokens as {@code sid}.
 *
 * @param tokenVersion the account's token version as of the password check that started the login;
 *     a family behind the account's current version is revoked on its next use, and the access
 *     tokens it mints carry this version, never a newer one
 * @param previousHash the token rotated out last, which the grace window may still honour
 * @param rotatedAt when {@code previousHash} was rotated out (null before the first rotation)
 * @param graceCiphertext the successor pair of {@code previousHash}, sealed under a key only the
 *     holder of that previous token can derive; null when the grace window is zero
 * @param expiresAt the earlier of {@code lastUsedAt + idle} and {@code absoluteExpiresAt}
 */
public record RefreshFamily(
    String id,
    String userId,
    String clientId,
    Set<String> scopes,
    long tokenVersion,
    String currentHash,
    String previousHash,
    Instant rotatedAt,
    String graceCiphertext,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Instant absoluteExpiresAt,
    String userAgent,
    String ip) {

  /** Starts every family's {@code id}: how a device id names an app login rather than a browser session. */
  public static final String ID_PREFIX = "f_";

  public RefreshFamily {
    scopes = Set.copyOf(scopes);
  }

  /** The family after {@code rotation}, as every store must record it. */
  public RefreshFamily rotated(RefreshFamilyStore.Rotation r) {
    return new RefreshFamily(id, userId, clientId, r.scopes(), tokenVersion, r.newHash(), currentHash, r.at(),
        r.graceCiphertext(), createdAt, r.at(), r.expiresAt(), absoluteExpiresAt, userAgent, ip);
  }

  @Override
  public String toString() {
    return "RefreshFamily[id=" + id + ", user=" + userId + ", client=" + clientId + "]";
  }
}
