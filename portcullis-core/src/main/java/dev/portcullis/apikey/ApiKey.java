package dev.portcullis.apikey;

import dev.portcullis.error.AccessDeniedException;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * An API key as stored: its public id, owner and grant, and only a SHA-256 of its secret. A key
 * stops working at the first of three instants, each null until it applies: {@code expiresAt} (set
 * at creation), {@code revokedAt} (revoked by its owner or an admin) and {@code retiresAt} (rotated:
 * the end of its grace, never after {@code expiresAt}). An ended key stays stored until purged, so
 * that its use can be told apart from a made-up key and audited.
 *
 * @param hint what a list shows instead of the key: the prefix and id, then its last 4 characters
 * @param lastUsedAt when it last authenticated a request, to within {@link ApiKeyPolicy#lastUsedInterval()}
 * @param successorId the key that replaced this one by rotation; a key is rotated at most once
 */
public record ApiKey(
    String id,
    String userId,
    String name,
    Set<String> scopes,
    String secretHash,
    String hint,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant retiresAt,
    Instant lastUsedAt,
    String successorId) {

  /** Where a key stands at a given instant. */
  public enum Status { LIVE, REVOKED, EXPIRED, RETIRED }

  public ApiKey {
    scopes = Set.copyOf(scopes);
  }

  public Status statusAt(Instant now) {
    if (revokedAt != null) {
      return Status.REVOKED;
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return Status.EXPIRED;
    }
    if (retiresAt != null && !now.isBefore(retiresAt)) {
      return Status.RETIRED;
    }
    return Status.LIVE;
  }

  public boolean liveAt(Instant now) {
    return statusAt(now) == Status.LIVE;
  }

  /**
   * Throws {@code insufficient_scope} (RFC 6750 section 3.1, naming everything {@code required})
   * unless this key carries every scope in {@code required}.
   */
  public void requireScopes(Collection<String> required) {
    if (!scopes.containsAll(required)) {
      throw AccessDeniedException.insufficientScope(required);
    }
  }

  /** This key with a use recorded at {@code at}. */
  public ApiKey usedAt(Instant at) {
    return new ApiKey(id, userId, name, scopes, secretHash, hint, createdAt, expiresAt, revokedAt, retiresAt,
        at, successorId);
  }

  /** This key revoked at {@code at}. */
  public ApiKey revoked(Instant at) {
    return new ApiKey(id, userId, name, scopes, secretHash, hint, createdAt, expiresAt, at, retiresAt,
        lastUsedAt, successorId);
  }

  /** This key replaced by {@code successor}, working until {@code retireAt}. */
  public ApiKey rotatedTo(String successor, Instant retireAt) {
    return new ApiKey(id, userId, name, scopes, secretHash, hint, createdAt, expiresAt, revokedAt, retireAt,
        lastUsedAt, successor);
  }

  @Override
  public String toString() {
    return "ApiKey[id=" + id + ", user=" + userId + "]"; // no hash or name in logs
  }
}
