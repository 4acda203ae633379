package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.token.RefreshFamily;
import dev.portcullis.token.RefreshFamilyStore;
import dev.portcullis.token.RefreshFamilyStore.Match;
import dev.portcullis.token.RefreshFamilyStore.Rotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RefreshFamilyStore} must do, races included. Extend it with a factory for your
 * backend; {@link #clientId()} and {@link #createUser(String)} may be overridden where families must
 * reference an existing client and account (foreign keys).
 */
public abstract class RefreshFamilyStoreContract {
  protected MutableClock clock;
  protected RefreshFamilyStore store;

  protected abstract RefreshFamilyStore newStore(MutableClock clock);

  /** The client_id put into families; override if the backend enforces a foreign key. */
  protected String clientId() {
    return "c_contract";
  }

  /** Stores that reference accounts (a foreign key) create one here; the default does nothing. */
  protected void createUser(String userId) {}

  /** A fresh user id, created through {@link #createUser(String)}. */
  protected String newUser() {
    String userId = Tokens.handle("u_");
    createUser(userId);
    return userId;
  }

  @BeforeEach
  void setUpStore() {
    clock = new MutableClock();
    store = newStore(clock);
  }

  /**
   * A family started now. Its token version is not 0, so every test that compares a stored family
   * with this one also proves the version survives the round trip.
   */
  protected RefreshFamily family(String userId) {
    return family(userId, 3);
  }

  protected RefreshFamily family(String userId, long tokenVersion) {
    Instant now = clock.instant();
    return new RefreshFamily(Tokens.handle("f_"), userId, clientId(), Set.of("read", "write"), tokenVersion,
        Tokens.sha256(Tokens.secret256()), null, null, null, now, now, now.plus(Duration.ofDays(14)),
        now.plus(Duration.ofDays(30)), "Phone/1.0", "203.0.113.7");
  }

  protected Rotation rotation(Set<String> scopes) {
    Instant now = clock.instant();
    return new Rotation(Tokens.sha256(Tokens.secret256()), scopes, now, now.plus(Duration.ofDays(14)), "sealed-" + Tokens.random(8));
  }

  @Test
  void createdFamilyIsFoundByItsCurrentHashWithEveryField() {
    RefreshFamily f = family(newUser());
    store.create(f);
    assertThat(store.findByHash(f.currentHash())).contains(new Match(f, true, null));
    assertThat(store.findById(f.id())).contains(f);
  }

  @Test
  void tokenVersionIsKeptThroughEveryReadAndRotation() {
    RefreshFamily f = family(newUser(), 57);
    store.create(f);
    assertThat(store.findById(f.id())).get().extracting(RefreshFamily::tokenVersion).isEqualTo(57L);
    assertThat(store.listByUser(f.userId())).extracting(RefreshFamily::tokenVersion).containsExactly(57L);
    Rotation r = rotation(f.scopes());
    assertThat(store.rotate(f.id(), f.currentHash(), r)).isTrue();
    assertThat(store.findByHash(r.newHash())).get().extracting(m -> m.family().tokenVersion()).isEqualTo(57L);
    // the rotated-out hash leads to the same family, version included
    assertThat(store.findByHash(f.currentHash())).get().extracting(m -> m.family().tokenVersion()).isEqualTo(57L);
  }

  @Test
  void unknownHashIsAbsent() {
    assertThat(store.findByHash(Tokens.sha256("nothing"))).isEmpty();
  }

  @Test
  void rotateWithTheExpectedHashInstallsTheNewStateAndKeepsTheOldHashAsUsed() {
    RefreshFamily f = family(newUser());
    store.create(f);
    clock.advance(Duration.ofMinutes(5));
    Rotation r = rotation(Set.of("read"));
    assertThat(store.rotate(f.id(), f.currentHash(), r)).isTrue();
    RefreshFamily after = f.rotated(r);
    assertThat(store.findByHash(r.newHash())).contains(new Match(after, true, null));
    assertThat(store.findByHash(f.currentHash())).contains(new Match(after, false, clock.instant()));
  }

  @Test
  void everyEarlierHashStaysFindableAsUsed() {
    RefreshFamily f = family(newUser());
    store.create(f);
    Rotation first = rotation(f.scopes());
    store.rotate(f.id(), f.currentHash(), first);
    clock.advance(Duration.ofSeconds(3));
    store.rotate(f.id(), first.newHash(), rotation(f.scopes()));
    Match oldest = store.findByHash(f.currentHash()).orElseThrow();
    assertThat(oldest.current()).isFalse();
    assertThat(oldest.usedAt()).isEqualTo(MutableClock.DEFAULT_START);
    assertThat(oldest.family().previousHash()).isEqualTo(first.newHash());
  }

  @Test
  void rotateWithAStaleHashFails() {
    RefreshFamily f = family(newUser());
    store.create(f);
    Rotation r = rotation(f.scopes());
    store.rotate(f.id(), f.currentHash(), r);
    assertThat(store.rotate(f.id(), f.currentHash(), rotation(f.scopes()))).isFalse();
    assertThat(store.findByHash(r.newHash()).orElseThrow().current()).isTrue();
  }

  @Test
  void manyThreadsRacingOneRotationHaveExactlyOneWinner() throws Exception {
    RefreshFamily f = family(newUser());
    store.create(f);
    List<Rotation> rotations = new ArrayList<>();
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Rotation r = rotation(f.scopes());
      rotations.add(r);
      tasks.add(() -> store.rotate(f.id(), f.currentHash(), r));
    }
    List<Boolean> won = Race.run(tasks);
    List<Rotation> winners = new ArrayList<>();
    for (int i = 0; i < won.size(); i++) {
      if (won.get(i)) {
        winners.add(rotations.get(i));
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(store.findById(f.id()).orElseThrow().currentHash()).isEqualTo(winners.get(0).newHash());
  }

  @Test
  void expiredFamilyReadsAsAbsentAndCannotRotate() {
    RefreshFamily f = family(newUser());
    store.create(f);
    clock.advance(Duration.ofDays(14));
    assertThat(store.findByHash(f.currentHash())).isEmpty();
    assertThat(store.findById(f.id())).isEmpty();
    assertThat(store.listByUser(f.userId())).isEmpty();
    assertThat(store.rotate(f.id(), f.currentHash(), rotation(f.scopes()))).isFalse();
  }

  @Test
  void listByUserIsNewestFirstAndOnlyThatUsers() {
    String user = newUser();
    RefreshFamily older = family(user);
    store.create(older);
    clock.advance(Duration.ofSeconds(1));
    RefreshFamily newer = family(user);
    store.create(newer);
    store.create(family(newUser()));
    assertThat(store.listByUser(user)).extracting(RefreshFamily::id).containsExactly(newer.id(), older.id());
  }

  @Test
  void onlyTheOwnerCanDeleteAFamilyAndItsHistoryGoesWithIt() {
    RefreshFamily f = family(newUser());
    store.create(f);
    Rotation r = rotation(f.scopes());
    store.rotate(f.id(), f.currentHash(), r);
    assertThat(store.delete(Tokens.handle("u_"), f.id())).isFalse();
    assertThat(store.findById(f.id())).isPresent();
    assertThat(store.delete(f.userId(), f.id())).isTrue();
    assertThat(store.findByHash(r.newHash())).isEmpty();
    assertThat(store.findByHash(f.currentHash())).isEmpty();
    assertThat(store.delete(f.userId(), f.id())).isFalse();
  }

  @Test
  void deleteByUserRemovesEveryFamilyOfThatUserOnly() {
    String user = newUser();
    store.create(family(user));
    store.create(family(user));
    RefreshFamily other = family(newUser());
    store.create(other);
    assertThat(store.deleteByUser(user)).isEqualTo(2);
    assertThat(store.listByUser(user)).isEmpty();
    assertThat(store.findById(other.id())).isPresent();
  }
}
