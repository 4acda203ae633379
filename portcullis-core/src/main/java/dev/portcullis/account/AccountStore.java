package dev.portcullis.account;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Persistence of accounts. Emails are stored normalised; lookups take normalised emails. */
public interface AccountStore {
  /** Inserts a new account; throws {@link dev.portcullis.error.ConflictException} if the email is taken. */
  void create(Account account);

  Optional<Account> findById(String id);

  /**
   * {@link #findById}, given the value of the account's change counter read earlier in this same
   * request (empty if none was): a store that keeps accounts in memory checks against it instead of
   * reading the counter again. Others ignore it.
   */
  default Optional<Account> findById(String id, OptionalLong counterReadInThisRequest) {
    return findById(id);
  }

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
   * One page of accounts ordered by email: those whose email contains {@code query} (already
   * normalised; null or empty for all), strictly after {@code afterEmail}
   * (null for the first page), at most {@code limit}.
   */
  List<Account> search(String query, String afterEmail, int limit);
}
