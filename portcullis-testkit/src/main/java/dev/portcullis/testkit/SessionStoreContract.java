package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.Session;
import dev.portcullis.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link SessionStore} must show: expiry by the clock, compare-and-set rotation and
 * per-user isolation. Ids are random per test so a backend may share one database across a class.
 */
public abstract class SessionStoreContract {
  protected static final Duration IDLE = Duration.ofMinutes(30);

  protected MutableClock clock;
  protected SessionStore store;

  protected abstract SessionStore newStore(MutableClock clock);

  /** Stores that reference accounts (a foreign key) create one here; the default does nothing. */
  protected void createUser(String userId) {}

  @BeforeEach
  void setUpSessionStore() {
    clock = new MutableClock();
    store = newStore(clock);
  }

  protected String newUser() {
    String userId = "u_" + UUID.randomUUID();
    createUser(userId);
    return userId;
  }

  /**
   * A session created now, expiring after {@link #IDLE}. Its token version is not 0, so every test
   * that compares a stored session with this one also proves the version survives the round trip.
   */
  protected Session session(String userId) {
    return session(userId, 2);
  }

  protected Session session(String userId, long tokenVersion) {
    Instant now = clock.instant();
    String id = "s_" + UUID.randomUUID();
    return new Session(id, userId, "hash-" + UUID.randomUUID(), now, now.minusSeconds(5), now,
        now.plus(IDLE), now.plus(Duration.ofDays(7)), 0, tokenVersion, "Mozilla/5.0 (test)", "203.0.113.9");
  }

  protected Session created(String userId) {
    Session s = session(userId);
    store.create(s);
    return s;
  }

  @Test
  void createThenFindByTokenHashReturnsTheSession() {
    Session s = created(newUser());
    assertThat(store.findByTokenHash(s.tokenHash())).contains(s);
  }

  @Test
  void createKeepsNullUserAgentAndIp() {
    Session base = session(newUser());
    Session s = new Session(base.id(), base.userId(), base.tokenHash(), base.createdAt(), base.authTime(),
        base.lastSeenAt(), base.expiresAt(), base.absoluteExpiresAt(), 7, 9, null, null);
    store.create(s);
    assertThat(store.findByTokenHash(s.tokenHash())).contains(s);
  }

  @Test
  void tokenVersionIsKeptThroughFindListTouchAndRotation() {
    Session s = session(newUser(), 41);
    store.create(s);
    assertThat(store.findByTokenHash(s.tokenHash())).get().extracting(Session::tokenVersion).isEqualTo(41L);
    assertThat(store.listByUser(s.userId())).extracting(Session::tokenVersion).containsExactly(41L);
    clock.advance(Duration.ofMinutes(2));
    Instant seen = clock.instant();
    assertThat(store.touch(s.userId(), s.id(), seen, seen.plus(IDLE))).isTrue();
    String fresh = "hash-" + UUID.randomUUID();
    // a rotation after a privilege change replaces the privilege version, never the token version
    assertThat(store.rotateToken(s.userId(), s.id(), s.tokenHash(), fresh, 3)).isTrue();
    assertThat(store.findByTokenHash(fresh)).get().extracting(Session::tokenVersion).isEqualTo(41L);
  }

  @Test
  void findByUnknownTokenHashReturnsEmpty() {
    assertThat(store.findByTokenHash("hash-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void expiredSessionReadsAsAbsent() {
    String user = newUser();
    Session s = created(user);
    clock.advance(IDLE.minusMillis(1));
    assertThat(store.findByTokenHash(s.tokenHash())).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
    assertThat(store.listByUser(user)).isEmpty();
    assertThat(store.touch(user, s.id(), clock.instant(), clock.instant().plus(IDLE))).isFalse();
    assertThat(store.rotateToken(user, s.id(), s.tokenHash(), "hash-" + UUID.randomUUID(), 1)).isFalse();
    assertThat(store.delete(user, s.id())).isFalse();
  }

  @Test
  void touchMovesLastSeenAndExpiry() {
    Session s = created(newUser());
    clock.advance(Duration.ofMinutes(20));
    Instant seen = clock.instant();
    assertThat(store.touch(s.userId(), s.id(), seen, seen.plus(IDLE))).isTrue();
    assertThat(store.findByTokenHash(s.tokenHash())).contains(s.withLastSeen(seen, seen.plus(IDLE)));
    clock.advance(Duration.ofMinutes(20)); // past the original expiry, within the moved one
    assertThat(store.findByTokenHash(s.tokenHash())).isPresent();
  }

  @Test
  void touchOfUnknownSessionReturnsFalse() {
    assertThat(store.touch(newUser(), "s_missing-" + UUID.randomUUID(), clock.instant(), clock.instant())).isFalse();
  }

  @Test
  void rotateTokenWithExpectedHashReplacesItAndThePrivilegeVersion() {
    Session s = created(newUser());
    String fresh = "hash-" + UUID.randomUUID();
    assertThat(store.rotateToken(s.userId(), s.id(), s.tokenHash(), fresh, 3)).isTrue();
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(fresh)).contains(s.withToken(fresh, 3));
  }

  @Test
  void rotateTokenWithWrongExpectedHashReturnsFalseAndChangesNothing() {
    Session s = created(newUser());
    String fresh = "hash-" + UUID.randomUUID();
    assertThat(store.rotateToken(s.userId(), s.id(), "hash-stale", fresh, 3)).isFalse();
    assertThat(store.findByTokenHash(s.tokenHash())).contains(s);
    assertThat(store.findByTokenHash(fresh)).isEmpty();
  }

  @RepeatedTest(5)
  void twoRacingRotationsOfOneSessionHaveExactlyOneWinner() throws Exception {
    Session s = created(newUser());
    String a = "hash-a-" + UUID.randomUUID();
    String b = "hash-b-" + UUID.randomUUID();
    List<Boolean> results = Race.run(List.of(
        () -> store.rotateToken(s.userId(), s.id(), s.tokenHash(), a, 1),
        () -> store.rotateToken(s.userId(), s.id(), s.tokenHash(), b, 1)));
    assertThat(results).containsExactlyInAnyOrder(true, false);
    String winner = results.get(0) ? a : b;
    String loser = results.get(0) ? b : a;
    assertThat(store.findByTokenHash(winner)).isPresent();
    assertThat(store.findByTokenHash(loser)).isEmpty();
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
  }

  @Test
  void deleteByOwningUserRemovesTheSession() {
    String user = newUser();
    Session s = created(user);
    assertThat(store.delete(user, s.id())).isTrue();
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
    assertThat(store.delete(user, s.id())).isFalse();
  }

  @Test
  void userCannotDeleteAnotherUsersSession() {
    String alice = newUser();
    String bob = newUser();
    Session bobs = created(bob);
    assertThat(store.delete(alice, bobs.id())).isFalse();
    assertThat(store.findByTokenHash(bobs.tokenHash())).contains(bobs);
  }

  @Test
  void touchAndRotateWithAnotherUsersIdReturnFalseAndChangeNothing() {
    String alice = newUser();
    Session bobs = created(newUser());
    clock.advance(Duration.ofMinutes(20));
    Instant seen = clock.instant();
    String fresh = "hash-" + UUID.randomUUID();
    assertThat(store.touch(alice, bobs.id(), seen, seen.plus(IDLE))).isFalse();
    assertThat(store.rotateToken(alice, bobs.id(), bobs.tokenHash(), fresh, 3)).isFalse();
    assertThat(store.findByTokenHash(bobs.tokenHash())).contains(bobs);
    assertThat(store.findByTokenHash(fresh)).isEmpty();
    assertThat(store.listByUser(bobs.userId())).containsExactly(bobs);
    assertThat(store.listByUser(alice)).isEmpty();
    clock.advance(Duration.ofMinutes(10)); // the untouched expiry holds
    assertThat(store.findByTokenHash(bobs.tokenHash())).isEmpty();
  }

  @Test
  void listByUserReturnsOnlyThatUsersLiveSessionsNewestFirst() {
    String alice = newUser();
    String bob = newUser();
    Session first = created(alice);
    clock.advance(Duration.ofSeconds(1));
    created(bob);
    clock.advance(Duration.ofSeconds(1));
    Session second = created(alice);
    clock.advance(Duration.ofSeconds(1));
    Session third = created(alice);
    assertThat(store.listByUser(alice)).containsExactly(third, second, first);
    assertThat(store.listByUser(newUser())).isEmpty();
  }

  @Test
  void deleteByUserWithoutExceptionRemovesAllOfThatUsersSessionsOnly() {
    String alice = newUser();
    String bob = newUser();
    created(alice);
    created(alice);
    Session bobs = created(bob);
    assertThat(store.deleteByUser(alice, null)).isEqualTo(2);
    assertThat(store.listByUser(alice)).isEmpty();
    assertThat(store.listByUser(bob)).containsExactly(bobs);
    assertThat(store.deleteByUser(alice, null)).isZero();
  }

  @Test
  void deleteByUserKeepsTheExceptedSession() {
    String alice = newUser();
    Session keep = created(alice);
    created(alice);
    created(alice);
    assertThat(store.deleteByUser(alice, keep.id())).isEqualTo(2);
    assertThat(store.listByUser(alice)).containsExactly(keep);
  }

  @Test
  void deleteByUserWithAnotherUsersSessionAsExceptionStillDeletesAll() {
    String alice = newUser();
    Session bobs = created(newUser());
    created(alice);
    assertThat(store.deleteByUser(alice, bobs.id())).isEqualTo(1);
    assertThat(store.findByTokenHash(bobs.tokenHash())).contains(bobs);
  }
}
