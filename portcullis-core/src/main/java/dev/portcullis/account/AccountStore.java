package dev.portcullis.account;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Persistence of accounts. Emails are stored normalised; lookups take normalised emails. */
public interface AccountStore {
  /** Inserts a new account; throws {@link dev.portcullis.error.ConflictException} if the email is taken. */
  void create(Account account);

  Optional<Account> findById(String id);

  Optional<Account> findByEmail(String normalizedEmail);

  /** Replaces the password hash; false if there is no such account. */
  boolean updatePasswordHash(String id, String passwordHash);

  /**
   * Compare-and-set for a re-hash at login: replaces the hash only while it is still {@code
   * expectedHash}, so a login that checked the old password cannot write it back over a password
   * change that landed meanwhile. False, changing nothing, otherwise.
   */
  boolean replacePasswordHash(String id, String expectedHash, String newHash);

  /** Replaces the roles and bumps the privilege version; false if there is no such account. */
  boolean setRoles(String id, Set<String> roles);

  /** Bumps the token version and returns the new value; empty if there is no such account. */
  Optional<Long> bumpTokenVersion(String id);

  /**
   * At most {@code limit} accounts in id order whose id is greater than {@code afterId} (null or
   * empty: from the first): a page of the administrator's listing, the last id being the next cursor.
   */
  List<Account> list(String afterId, int limit);
}
