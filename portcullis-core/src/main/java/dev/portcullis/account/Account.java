package dev.portcullis.account;

import java.time.Instant;
import java.util.Set;

/**
 * A user account. {@code tokenVersion} is bumped by forced logout and password change and is
 * carried in access tokens as {@code tv}; {@code privilegeVersion} is bumped by role changes so
 * that sessions get a new id at their next request.
 */
public record Account(
    String id,
    String email,
    String passwordHash,
    Set<String> roles,
    long tokenVersion,
    long privilegeVersion,
    Instant createdAt) {

  public Account {
    roles = Set.copyOf(roles);
  }

  /** This account as of a given token version (what a credential made at that version is stamped with). */
  public Account withTokenVersion(long version) {
    return new Account(id, email, passwordHash, roles, version, privilegeVersion, createdAt);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", roles=" + roles + "]"; // no email or hash in logs
  }
}
