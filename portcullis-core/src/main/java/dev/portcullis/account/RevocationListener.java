package dev.portcullis.account;

/**
 * Told when every credential of a user must die (password change, forced logout). Sessions and
 * refresh-token families each register one, so the account feature needs to know neither.
 */
public interface RevocationListener {
  /** Revokes everything this feature holds for {@code userId}; returns how many were revoked. */
  int revokeAllFor(String userId);
}
