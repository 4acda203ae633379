package dev.portcullis.token;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Just enough of an account store for the token tests (the real in-memory one lives elsewhere). */
public final class FakeAccountStore implements AccountStore {
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  public volatile int reads;

  @Override
  public void create(Account account) {
    accounts.put(account.id(), account);
  }

  @Override
  public Optional<Account> findById(String id) {
    reads++;
    return Optional.ofNullable(accounts.get(id));
  }

  @Override
  public Optional<Account> findByEmail(String normalizedEmail) {
    return accounts.values().stream().filter(a -> a.email().equals(normalizedEmail)).findFirst();
  }

  @Override
  public boolean updatePasswordHash(String id, String passwordHash) {
    return false;
  }

  @Override
  public boolean replacePasswordHash(String id, String expectedHash, String newHash) {
    return false;
  }

  @Override
  public boolean setRoles(String id, Set<String> roles) {
    return false;
  }

  @Override
  public Optional<Long> bumpTokenVersion(String id) {
    Account a = accounts.computeIfPresent(id, (k, v) -> new Account(v.id(), v.email(), v.passwordHash(),
        v.roles(), v.tokenVersion() + 1, v.privilegeVersion(), v.createdAt()));
    return Optional.ofNullable(a).map(Account::tokenVersion);
  }

  @Override
  public java.util.List<Account> list(String afterId, int limit) {
    String after = afterId == null ? "" : afterId;
    return accounts.values().stream().filter(a -> a.id().compareTo(after) > 0)
        .sorted(java.util.Comparator.comparing(Account::id)).limit(limit).toList();
  }

  public void delete(String id) {
    accounts.remove(id);
  }
}
