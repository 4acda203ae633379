package dev.portcullis.account;

import dev.portcullis.error.ConflictException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts in a map, for tests and single-process embedding. One lock guards both the id map and
 * the email index so that a create can never leave them disagreeing.
 */
public final class InMemoryAccountStore implements AccountStore {
  private final Map<String, Account> byId = new HashMap<>();
  private final Map<String, String> idByEmail = new HashMap<>();

  @Override
  public synchronized void create(Account account) {
    if (idByEmail.containsKey(account.email()) || byId.containsKey(account.id())) {
      throw new ConflictException("An account with this email already exists.");
    }
    byId.put(account.id(), account);
    idByEmail.put(account.email(), account.id());
  }

  @Override
  public synchronized List<Account> list(String afterId, int limit) {
    String after = afterId == null ? "" : afterId;
    return byId.values().stream().filter(a -> a.id().compareTo(after) > 0)
        .sorted(java.util.Comparator.comparing(Account::id)).limit(limit).toList();
  }

  @Override
  public synchronized Optional<Account> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<Account> findByEmail(String normalizedEmail) {
    String id = idByEmail.get(normalizedEmail);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized boolean updatePasswordHash(String id, String passwordHash) {
    Account a = byId.get(id);
    if (a == null) {
      return false;
    }
    byId.put(id, new Account(a.id(), a.email(), passwordHash, a.roles(), a.tokenVersion(),
        a.privilegeVersion(), a.createdAt()));
    return true;
  }

  @Override
  public synchronized boolean replacePasswordHash(String id, String expectedHash, String newHash) {
    Account a = byId.get(id);
    return a != null && a.passwordHash().equals(expectedHash) && updatePasswordHash(id, newHash);
  }

  @Override
  public synchronized boolean setRoles(String id, Set<String> roles) {
    Account a = byId.get(id);
    if (a == null) {
      return false;
    }
    byId.put(id, new Account(a.id(), a.email(), a.passwordHash(), roles, a.tokenVersion(),
        a.privilegeVersion() + 1, a.createdAt()));
    return true;
  }

  @Override
  public synchronized Optional<Long> bumpTokenVersion(String id) {
    Account a = byId.get(id);
    if (a == null) {
      return Optional.empty();
    }
    long next = a.tokenVersion() + 1;
    byId.put(id, new Account(a.id(), a.email(), a.passwordHash(), a.roles(), next,
        a.privilegeVersion(), a.createdAt()));
    return Optional.of(next);
  }
}
