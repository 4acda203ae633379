package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.apikey.ApiKey;
import dev.portcullis.apikey.ApiKeyFormat;
import dev.portcullis.apikey.ApiKeyStore;
import dev.portcullis.crypto.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApiKeyStore} must do, races included. Extend it with a factory for your
 * backend; override {@link #createUser(String)} where keys must reference an existing account.
 */
public abstract class ApiKeyStoreContract {
  protected MutableClock clock;
  protected ApiKeyStore store;

  protected abstract ApiKeyStore newStore(MutableClock clock);

  /** Stores that reference accounts (a foreign key) create one here; the default does nothing. */
  protected void createUser(String userId) {}

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

  /** A key created now, expiring in 90 days when {@code expires}, with nothing ended or used yet. */
  protected ApiKey key(String userId, boolean expires) {
    String id = ApiKeyFormat.newId();
    String secret = ApiKeyFormat.newSecret();
    Instant now = clock.instant();
    return new ApiKey(id, userId, "deploy bot ✓", Set.of("orders:read", "orders:write"), Tokens.sha256(secret),
        ApiKeyFormat.hint(ApiKeyFormat.format(id, secret)), now, expires ? now.plus(Duration.ofDays(90)) : null,
        null, null, null, null);
  }

  protected ApiKey stored(ApiKey key) {
    store.create(key);
    return key;
  }

  @Test
  void createdKeyIsFoundByIdWithEveryField() {
    ApiKey expiring = stored(key(newUser(), true));
    ApiKey forever = stored(key(newUser(), false));
    assertThat(store.findById(expiring.id())).contains(expiring);
    assertThat(store.findById(forever.id())).contains(forever);
    assertThat(store.findById(ApiKeyFormat.newId())).isEmpty();
  }

  @Test
  void aDuplicateIdIsRefused() {
    ApiKey k = stored(key(newUser(), false));
    assertThatThrownBy(() -> store.create(k)).isInstanceOf(RuntimeException.class);
    assertThat(store.findById(k.id())).contains(k);
  }

  @Test
  void listByUserIsNewestFirstOnlyThatUsersAndKeepsEndedKeys() {
    String user = newUser();
    ApiKey older = stored(key(user, false));
    clock.advance(Duration.ofSeconds(1));
    ApiKey newer = stored(key(user, true));
    stored(key(newUser(), false));
    store.revoke(older.id(), clock.instant());
    assertThat(store.listByUser(user)).extracting(ApiKey::id).containsExactly(newer.id(), older.id());
  }

  @Test
  void rotationStoresTheSuccessorAndGivesTheOldKeyItsEnd() {
    ApiKey old = stored(key(newUser(), true));
    clock.advance(Duration.ofMinutes(5));
    ApiKey next = key(old.userId(), true);
    Instant retireAt = clock.instant().plus(Duration.ofHours(1));
    assertThat(store.rotate(old.id(), next, clock.instant(), retireAt)).isTrue();
    assertThat(store.findById(next.id())).contains(next);
    assertThat(store.findById(old.id())).contains(old.rotatedTo(next.id(), retireAt));
  }

  @Test
  void rotationRefusesAnotherUsersRevokedExpiredOrAlreadyRotatedKey() {
    ApiKey theirs = stored(key(newUser(), false));
    ApiKey mine = key(newUser(), false);
    assertThat(store.rotate(theirs.id(), mine, clock.instant(), clock.instant())).isFalse();
    ApiKey revoked = stored(key(mine.userId(), false));
    store.revoke(revoked.id(), clock.instant());
    assertThat(store.rotate(revoked.id(), mine, clock.instant(), clock.instant())).isFalse();
    ApiKey expired = stored(key(mine.userId(), true));
    assertThat(store.rotate(expired.id(), mine, expired.expiresAt(), expired.expiresAt())).isFalse();
    assertThat(store.rotate(ApiKeyFormat.newId(), mine, clock.instant(), clock.instant())).isFalse();
    assertThat(store.findById(mine.id())).isEmpty();
    ApiKey rotated = stored(key(mine.userId(), false));
    assertThat(store.rotate(rotated.id(), key(mine.userId(), false), clock.instant(), clock.instant())).isTrue();
    assertThat(store.rotate(rotated.id(), mine, clock.instant(), clock.instant())).isFalse();
    assertThat(store.findById(mine.id())).isEmpty();
    assertThat(store.findById(theirs.id())).contains(theirs);
  }

  @Test
  void revokeEndsALiveKeyOnceAndAKeyInItsGraceToo() {
    ApiKey k = stored(key(newUser(), false));
    clock.advance(Duration.ofSeconds(3));
    assertThat(store.revoke(k.id(), clock.instant())).isTrue();
    assertThat(store.findById(k.id())).contains(k.revoked(clock.instant()));
    assertThat(store.revoke(k.id(), clock.instant())).isFalse();
    ApiKey inGrace = stored(key(k.userId(), false));
    store.rotate(inGrace.id(), key(k.userId(), false), clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    assertThat(store.revoke(inGrace.id(), clock.instant())).isTrue();
    assertThat(store.revoke(ApiKeyFormat.newId(), clock.instant())).isFalse();
  }

  @Test
  void revokeLeavesExpiredAndRetiredKeysAlone() {
    ApiKey expiring = stored(key(newUser(), true));
    ApiKey retiring = stored(key(expiring.userId(), false));
    Instant retireAt = clock.instant().plus(Duration.ofDays(1));
    store.rotate(retiring.id(), key(expiring.userId(), false), clock.instant(), retireAt);
    clock.set(expiring.expiresAt());
    assertThat(store.revoke(expiring.id(), clock.instant())).isFalse();
    assertThat(store.revoke(retiring.id(), clock.instant())).isFalse();
    assertThat(store.findById(expiring.id()).orElseThrow().revokedAt()).isNull();
    assertThat(store.findById(retiring.id()).orElseThrow().revokedAt()).isNull();
  }

  @Test
  void touchWritesOnlyWhenTheRecordedUseIsStale() {
    ApiKey k = stored(key(newUser(), false));
    Instant first = clock.instant();
    assertThat(store.touch(k.id(), first, first.minus(Duration.ofMinutes(1)))).isTrue();
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.touch(k.id(), clock.instant(), clock.instant().minus(Duration.ofMinutes(1)))).isFalse();
    assertThat(store.findById(k.id()).orElseThrow().lastUsedAt()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.touch(k.id(), clock.instant(), clock.instant().minus(Duration.ofMinutes(1)))).isTrue();
    assertThat(store.findById(k.id())).contains(k.usedAt(clock.instant()));
    assertThat(store.touch(ApiKeyFormat.newId(), clock.instant(), clock.instant())).isFalse();
  }

  @Test
  void purgeRemovesOnlyKeysThatEndedBeforeTheCutoff() {
    String user = newUser();
    ApiKey live = stored(key(user, false));
    ApiKey revoked = stored(key(user, false));
    ApiKey expiring = stored(key(user, true));
    ApiKey retired = stored(key(user, false));
    ApiKey successor = key(user, false);
    store.rotate(retired.id(), successor, clock.instant(), clock.instant().plus(Duration.ofDays(1)));
    store.revoke(revoked.id(), clock.instant());
    clock.advance(Duration.ofDays(90));
    Instant cutoff = clock.instant().minus(Duration.ofDays(30));
    assertThat(store.purgeEndedBefore(cutoff)).isEqualTo(2); // revoked and retired; expiring ended just now
    assertThat(store.listByUser(user)).extracting(ApiKey::id)
        .containsExactlyInAnyOrder(live.id(), expiring.id(), successor.id());
    clock.advance(Duration.ofDays(31));
    assertThat(store.purgeEndedBefore(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(1);
  }

  @Test
  void ofManyRacingRotationsOfOneKeyExactlyOneSuccessorIsStored() throws Exception {
    ApiKey old = stored(key(newUser(), true));
    List<ApiKey> successors = new ArrayList<>();
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      ApiKey next = key(old.userId(), true);
      successors.add(next);
      tasks.add(() -> store.rotate(old.id(), next, clock.instant(), clock.instant().plus(Duration.ofHours(1))));
    }
    List<Boolean> won = Race.run(tasks);
    assertThat(won).containsOnlyOnce(true);
    ApiKey winner = successors.get(won.indexOf(true));
    assertThat(store.findById(old.id()).orElseThrow().successorId()).isEqualTo(winner.id());
    assertThat(successors).filteredOn(s -> store.findById(s.id()).isPresent()).containsExactly(winner);
  }

  @Test
  void usesRacingARevocationNeverUndoIt() throws Exception {
    for (int round = 0; round < 10; round++) {
      ApiKey k = stored(key(newUser(), false));
      Instant at = clock.instant();
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        // staleAt = at: every touch writes, the harshest case for a lost update
        tasks.add(() -> store.findById(k.id()).isPresent() && store.touch(k.id(), at, at));
      }
      tasks.add(8, () -> store.revoke(k.id(), at));
      List<Boolean> results = Race.run(tasks);
      assertThat(results.get(8)).isTrue();
      ApiKey after = store.findById(k.id()).orElseThrow();
      assertThat(after.revokedAt()).isEqualTo(at);
      assertThat(after.lastUsedAt()).isEqualTo(at);
    }
  }

  @Test
  void aRevocationRacingARotationAlwaysEndsTheOldKey() throws Exception {
    for (int round = 0; round < 5; round++) {
      ApiKey old = stored(key(newUser(), false));
      ApiKey next = key(old.userId(), false);
      Instant graceEnd = clock.instant().plus(Duration.ofDays(1));
      List<Boolean> results = Race.run(List.of(
          () -> store.revoke(old.id(), clock.instant()),
          () -> store.rotate(old.id(), next, clock.instant(), graceEnd)));
      assertThat(results.get(0)).isTrue();
      ApiKey after = store.findById(old.id()).orElseThrow();
      assertThat(after.revokedAt()).isNotNull();
      // the successor exists exactly when the rotation won
      assertThat(store.findById(next.id()).isPresent()).isEqualTo(results.get(1));
      assertThat(after.successorId() != null).isEqualTo(results.get(1));
    }
  }
}
