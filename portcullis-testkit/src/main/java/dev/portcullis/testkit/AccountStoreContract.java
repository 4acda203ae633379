package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.error.ConflictException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link AccountStore} must show. Ids and emails are random per test. */
public abstract class AccountStoreContract {
  protected static final Instant CREATED = Instant.parse("2030-01-01T00:00:00Z");

  protected AccountStore store;

  protected abstract AccountStore newStore();

  @BeforeEach
  void setUpAccountStore() {
    store = newStore();
  }

  protected static Account account(String email) {
    String id = "u_" + UUID.randomUUID();
    return new Account(id, email, "$argon2id$hash-" + id, Set.of("user"), 0, 0, CREATED);
  }

  protected static String email() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void createThenFindByIdAndByEmailReturnTheAccount() {
    Account a = account(email());
    store.create(a);
    assertThat(store.findById(a.id())).contains(a);
    assertThat(store.findByEmail(a.email())).contains(a);
  }

  @Test
  void listPagesThroughAccountsInIdOrderAfterACursor() {
    String prefix = "u_" + UUID.randomUUID() + "-";
    java.util.List<Account> mine = new java.util.ArrayList<>();
    for (String suffix : java.util.List.of("c", "a", "b")) {
      Account a = new Account(prefix + suffix, email(), "$argon2id$hash", Set.of(), 0, 0, CREATED);
      store.create(a);
      mine.add(a);
    }
    // nothing else sorts between the prefix and its own accounts
    assertThat(store.list(prefix, 2)).extracting(Account::id).containsExactly(prefix + "a", prefix + "b");
    assertThat(store.list(prefix + "b", 1)).extracting(Account::id).containsExactly(prefix + "c");
    assertThat(store.list(prefix + "a", 2)).containsExactly(mine.get(2), mine.get(0));
    assertThat(store.list(null, 1_000_000)).extracting(Account::id).contains(prefix + "a", prefix + "b", prefix + "c");
  }

  @Test
  void findUnknownReturnsEmpty() {
    assertThat(store.findById("u_missing-" + UUID.randomUUID())).isEmpty();
    assertThat(store.findByEmail(email())).isEmpty();
  }

  @Test
  void createWithTakenEmailThrowsConflictAndKeepsTheFirst() {
    Account first = account(email());
    store.create(first);
    Account second = account(first.email());
    assertThatThrownBy(() -> store.create(second)).isInstanceOf(ConflictException.class);
    assertThat(store.findByEmail(first.email())).contains(first);
    assertThat(store.findById(second.id())).isEmpty();
  }

  @Test
  void findByEmailMatchesExactlyNotByCaseOrPrefix() {
    Account a = account(email());
    store.create(a);
    assertThat(store.findByEmail(a.email().toUpperCase())).isEmpty();
    assertThat(store.findByEmail(a.email().substring(1))).isEmpty();
    assertThat(store.findByEmail(a.email() + "x")).isEmpty();
    assertThat(store.findByEmail("%")).isEmpty();
  }

  @Test
  void createKeepsEmptyAndMultipleRoles() {
    Account none = new Account("u_" + UUID.randomUUID(), email(), "h", Set.of(), 3, 4, CREATED);
    Account many =
        new Account("u_" + UUID.randomUUID(), email(), "h", Set.of("b", "a", "admin"), 0, 0, CREATED);
    store.create(none);
    store.create(many);
    assertThat(store.findById(none.id())).contains(none);
    assertThat(store.findById(many.id()).orElseThrow().roles()).containsExactlyInAnyOrder("a", "b", "admin");
  }

  @Test
  void updatePasswordHashReplacesOnlyTheHash() {
    Account a = account(email());
    store.create(a);
    assertThat(store.updatePasswordHash(a.id(), "$argon2id$new")).isTrue();
    Account found = store.findById(a.id()).orElseThrow();
    assertThat(found.passwordHash()).isEqualTo("$argon2id$new");
    assertThat(found.tokenVersion()).isEqualTo(a.tokenVersion());
    assertThat(found.email()).isEqualTo(a.email());
  }

  @Test
  void replacePasswordHashOnlyWhileTheExpectedHashIsStillStored() {
    Account a = account(email());
    store.create(a);
    assertThat(store.replacePasswordHash(a.id(), a.passwordHash(), "$argon2id$rehashed")).isTrue();
    assertThat(store.findById(a.id()).orElseThrow().passwordHash()).isEqualTo("$argon2id$rehashed");
    store.updatePasswordHash(a.id(), "$argon2id$changed");
    // a re-hash of the password checked before the change must not undo it
    assertThat(store.replacePasswordHash(a.id(), "$argon2id$rehashed", "$argon2id$old-again")).isFalse();
    assertThat(store.findById(a.id()).orElseThrow().passwordHash()).isEqualTo("$argon2id$changed");
    assertThat(store.replacePasswordHash("u_missing-" + UUID.randomUUID(), "h", "h2")).isFalse();
  }

  @Test
  void updatePasswordHashOfUnknownIdReturnsFalse() {
    assertThat(store.updatePasswordHash("u_missing-" + UUID.randomUUID(), "h")).isFalse();
  }

  @Test
  void setRolesReplacesRolesAndBumpsPrivilegeVersion() {
    Account a = account(email());
    store.create(a);
    assertThat(store.setRoles(a.id(), Set.of("admin", "auditor"))).isTrue();
    Account once = store.findById(a.id()).orElseThrow();
    assertThat(once.roles()).containsExactlyInAnyOrder("admin", "auditor");
    assertThat(once.privilegeVersion()).isEqualTo(a.privilegeVersion() + 1);
    assertThat(once.tokenVersion()).isEqualTo(a.tokenVersion());

    assertThat(store.setRoles(a.id(), Set.of())).isTrue();
    Account twice = store.findById(a.id()).orElseThrow();
    assertThat(twice.roles()).isEmpty();
    assertThat(twice.privilegeVersion()).isEqualTo(a.privilegeVersion() + 2);
  }

  @Test
  void setRolesOfUnknownIdReturnsFalse() {
    assertThat(store.setRoles("u_missing-" + UUID.randomUUID(), Set.of("admin"))).isFalse();
  }

  @Test
  void bumpTokenVersionReturnsTheNewValueAndTouchesOnlyThatAccount() {
    Account a = account(email());
    Account b = account(email());
    store.create(a);
    store.create(b);
    assertThat(store.bumpTokenVersion(a.id())).contains(1L);
    assertThat(store.bumpTokenVersion(a.id())).contains(2L);
    assertThat(store.findById(a.id()).orElseThrow().tokenVersion()).isEqualTo(2);
    assertThat(store.findById(a.id()).orElseThrow().privilegeVersion()).isZero();
    assertThat(store.findById(b.id()).orElseThrow().tokenVersion()).isZero();
  }

  @Test
  void bumpTokenVersionOfUnknownIdReturnsEmpty() {
    assertThat(store.bumpTokenVersion("u_missing-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void concurrentBumpsEachGetADistinctVersion() throws Exception {
    Account a = account(email());
    store.create(a);
    var versions = Race.times(8, () -> store.bumpTokenVersion(a.id()).orElseThrow());
    assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }
}
