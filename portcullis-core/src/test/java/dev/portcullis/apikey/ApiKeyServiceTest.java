package dev.portcullis.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import dev.portcullis.apikey.ApiKeyService.Created;
import dev.portcullis.apikey.InvalidApiKeyException.Reason;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.AccessDeniedException;
import dev.portcullis.error.ConflictException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.throttle.InMemoryThrottleStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ApiKeyServiceTest {
  static final Device DEVICE = new Device("203.0.113.9", "curl/8");

  private final TestClock clock = new TestClock();
  private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
  private final InMemoryThrottleStore throttle = new InMemoryThrottleStore(clock);
  private final ApiKeyService keys = new ApiKeyService(store, throttle, new InMemoryAuditLog(), clock, ApiKeyPolicy.DEFAULT);

  private Created create(String userId, Optional<Duration> expiresIn) {
    return keys.create(userId, "ci deploy", List.of("orders:read", "orders:write"), expiresIn, DEVICE);
  }

  private static Principal user(String id, String... roles) {
    return new Principal(id, "session", Set.of(roles), Set.of(), "s_1", null);
  }

  private Reason refusal(String key) {
    return catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(key, DEVICE)).reason();
  }

  @Test
  void createdKeyIsShownOnceAndOnlyTheHashOfItsSecretIsStored() {
    Created c = create("u_1", Optional.empty());
    String secret = ApiKeyFormat.parse(c.key()).secret();
    ApiKey stored = store.findById(c.apiKey().id()).orElseThrow();
    assertThat(stored).isEqualTo(c.apiKey());
    assertThat(stored.secretHash()).isEqualTo(Tokens.sha256(secret));
    assertThat(List.of(stored.id(), stored.name(), stored.hint(), stored.secretHash())).noneMatch(f -> f.contains(secret));
    assertThat(stored.hint()).isEqualTo(ApiKeyFormat.hint(c.key()));
    assertThat(c.toString()).doesNotContain(secret);
    assertThat(stored.expiresAt()).isNull();
  }

  @Test
  void createdKeyAuthenticatesAsItsOwnerWithItsScopes() {
    Created c = create("u_1", Optional.empty());
    ApiKey k = keys.authenticate(c.key(), DEVICE).apiKey();
    assertThat(k.userId()).isEqualTo("u_1");
    assertThat(k.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
  }

  @Test
  void keyWorksUntilItsExpiryAndNotAnInstantLonger() {
    Created c = create("u_1", Optional.of(Duration.ofDays(1)));
    clock.advance(Duration.ofDays(1).minusMillis(1));
    keys.authenticate(c.key(), DEVICE);
    clock.advance(Duration.ofMillis(1));
    assertThat(refusal(c.key())).isEqualTo(Reason.EXPIRED);
    assertThat(keys.list("u_1")).isEmpty();
  }

  @Test
  void revocationTakesEffectAtTheNextRequestOnEveryInstance() {
    Created c = create("u_1", Optional.empty());
    ApiKeyService otherInstance = new ApiKeyService(store, throttle, new InMemoryAuditLog(), clock, ApiKeyPolicy.DEFAULT);
    keys.authenticate(c.key(), DEVICE);
    otherInstance.authenticate(c.key(), DEVICE);
    keys.revoke(user("u_1"), c.apiKey().id(), DEVICE);
    assertThat(refusal(c.key())).isEqualTo(Reason.REVOKED);
    assertThat(catchThrowableOfType(InvalidApiKeyException.class,
        () -> otherInstance.authenticate(c.key(), DEVICE)).reason()).isEqualTo(Reason.REVOKED);
  }

  @Test
  void anotherUsersKeyIsNotFoundButAnAdminMayRevokeAny() {
    Created c = create("u_1", Optional.empty());
    assertThatThrownBy(() -> keys.revoke(user("u_2"), c.apiKey().id(), DEVICE)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> keys.rotate("u_2", c.apiKey().id(), Optional.empty(), DEVICE))
        .isInstanceOf(NotFoundException.class);
    keys.authenticate(c.key(), DEVICE);
    keys.revoke(user("u_9", "admin"), c.apiKey().id(), DEVICE);
    assertThat(refusal(c.key())).isEqualTo(Reason.REVOKED);
    assertThatThrownBy(() -> keys.revoke(user("u_1"), c.apiKey().id(), DEVICE)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> keys.revoke(user("u_1"), "not-an-id", DEVICE)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void rotationIssuesASuccessorAndKeepsTheOldKeyForTheGrace() {
    Created old = create("u_1", Optional.empty());
    Created next = keys.rotate("u_1", old.apiKey().id(), Optional.of(Duration.ofHours(1)), DEVICE);
    assertThat(next.apiKey().name()).isEqualTo("ci deploy");
    assertThat(next.apiKey().scopes()).isEqualTo(old.apiKey().scopes());
    assertThat(next.key()).isNotEqualTo(old.key());
    assertThat(keys.list("u_1")).extracting(ApiKey::id).containsExactlyInAnyOrder(old.apiKey().id(), next.apiKey().id());
    clock.advance(Duration.ofHours(1).minusMillis(1));
    keys.authenticate(old.key(), DEVICE);
    clock.advance(Duration.ofMillis(1));
    assertThat(refusal(old.key())).isEqualTo(Reason.RETIRED);
    keys.authenticate(next.key(), DEVICE);
    assertThat(keys.list("u_1")).extracting(ApiKey::id).containsExactly(next.apiKey().id());
  }

  @Test
  void rotationGraceNeverOutlivesTheOldKeysOwnExpiry() {
    Created old = create("u_1", Optional.of(Duration.ofDays(10)));
    clock.advance(Duration.ofDays(9));
    Created next = keys.rotate("u_1", old.apiKey().id(), Optional.of(Duration.ofDays(7)), DEVICE);
    assertThat(store.findById(old.apiKey().id()).orElseThrow().retiresAt()).isEqualTo(old.apiKey().expiresAt());
    // the successor gets the old key's lifetime (10 days) from now
    assertThat(next.apiKey().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(10)));
    clock.advance(Duration.ofDays(1));
    assertThat(refusal(old.key())).isEqualTo(Reason.EXPIRED);
    keys.authenticate(next.key(), DEVICE);
  }

  @Test
  void zeroGraceEndsTheOldKeyAtOnceAndAKeyIsRotatedOnlyOnce() {
    Created old = create("u_1", Optional.empty());
    keys.rotate("u_1", old.apiKey().id(), Optional.of(Duration.ZERO), DEVICE);
    assertThat(refusal(old.key())).isEqualTo(Reason.RETIRED);
    Created inGrace = create("u_1", Optional.empty());
    keys.rotate("u_1", inGrace.apiKey().id(), Optional.empty(), DEVICE);
    assertThatThrownBy(() -> keys.rotate("u_1", inGrace.apiKey().id(), Optional.empty(), DEVICE))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void ofTwoConcurrentRotationsOneIssuesTheSuccessorAndTheOtherIsAConflict() throws Exception {
    for (int round = 0; round < 20; round++) {
      Created old = create("u_" + round, Optional.empty());
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          outcomes.add(pool.submit(() -> {
            go.await();
            try {
              return keys.rotate(old.apiKey().userId(), old.apiKey().id(), Optional.empty(), DEVICE);
            } catch (ConflictException e) {
              return e;
            }
          }));
        }
        go.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : outcomes) {
          results.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(results).filteredOn(r -> r instanceof Created).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof ConflictException).hasSize(1);
        assertThat(store.listByUser(old.apiKey().userId())).hasSize(2);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void defaultGraceAppliesAndAGraceOutsideThePolicyIsRefused() {
    Created old = create("u_1", Optional.empty());
    assertThatThrownBy(() -> keys.rotate("u_1", old.apiKey().id(), Optional.of(Duration.ofSeconds(-1)), DEVICE))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> keys.rotate("u_1", old.apiKey().id(), Optional.of(Duration.ofDays(31)), DEVICE))
        .isInstanceOf(InvalidRequestException.class);
    keys.rotate("u_1", old.apiKey().id(), Optional.empty(), DEVICE);
    assertThat(store.findById(old.apiKey().id()).orElseThrow().retiresAt())
        .isEqualTo(clock.instant().plus(ApiKeyPolicy.DEFAULT.defaultGrace()));
  }

  @Test
  void revokingAKeyInItsGraceEndsTheGraceButNotTheSuccessor() {
    Created old = create("u_1", Optional.empty());
    Created next = keys.rotate("u_1", old.apiKey().id(), Optional.of(Duration.ofDays(1)), DEVICE);
    keys.revoke(user("u_1"), old.apiKey().id(), DEVICE);
    assertThat(refusal(old.key())).isEqualTo(Reason.REVOKED);
    keys.authenticate(next.key(), DEVICE);
  }

  @Test
  void missingScopeIsInsufficientScopeNamingWhatWasRequired() {
    ApiKey k = keys.authenticate(create("u_1", Optional.empty()).key(), DEVICE).apiKey();
    k.requireScopes(Set.of("orders:read"));
    k.requireScopes(Set.of());
    AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
        () -> k.requireScopes(Set.of("orders:read", "billing:write")));
    // RFC 6750 section 3.1: insufficient_scope, with the scope necessary to access the resource
    assertThat(e.code()).isEqualTo(AccessDeniedException.INSUFFICIENT_SCOPE);
    assertThat(e.requiredScope()).isEqualTo("billing:write orders:read");
  }

  @Test
  void listShowsTheOwnersWorkingKeysNewestFirst() {
    Created first = create("u_1", Optional.empty());
    clock.advance(Duration.ofSeconds(1));
    Created second = create("u_1", Optional.empty());
    clock.advance(Duration.ofSeconds(1));
    Created revoked = create("u_1", Optional.empty());
    keys.revoke(user("u_1"), revoked.apiKey().id(), DEVICE);
    create("u_2", Optional.empty());
    assertThat(keys.list("u_1")).extracting(ApiKey::id).containsExactly(second.apiKey().id(), first.apiKey().id());
  }

  @Test
  void badCreateRequestsAreRefusedAndStoreNothing() {
    List<Runnable> bad = List.of(
        () -> keys.create("u_1", " ", List.of(), Optional.empty(), DEVICE),
        () -> keys.create("u_1", null, List.of(), Optional.empty(), DEVICE),
        () -> keys.create("u_1", "x".repeat(101), List.of(), Optional.empty(), DEVICE),
        () -> keys.create("u_1", "line\nbreak", List.of(), Optional.empty(), DEVICE),
        () -> keys.create("u_1", "ok", List.of("has space"), Optional.empty(), DEVICE),
        () -> keys.create("u_1", "ok", List.of("\"quoted\""), Optional.empty(), DEVICE),
        () -> keys.create("u_1", "ok", List.of(), Optional.of(Duration.ZERO), DEVICE),
        () -> keys.create("u_1", "ok", List.of(), Optional.of(Duration.ofDays(3651)), DEVICE));
    for (Runnable r : bad) {
      assertThatThrownBy(r::run).isInstanceOf(InvalidRequestException.class);
    }
    assertThat(store.listByUser("u_1")).isEmpty();
  }

  @Test
  void aUserCannotHoldMoreKeysThanThePolicyAllows() {
    for (int i = 0; i < ApiKeyPolicy.DEFAULT.maxKeysPerUser(); i++) {
      create("u_1", Optional.empty());
    }
    assertThatThrownBy(() -> create("u_1", Optional.empty())).isInstanceOf(InvalidRequestException.class);
    create("u_2", Optional.empty());
  }

  @Test
  void endedKeysArePurgedAfterTheRetentionAndThenReadAsUnknown() {
    Created c = create("u_1", Optional.empty());
    Created live = create("u_1", Optional.empty());
    keys.revoke(user("u_1"), c.apiKey().id(), DEVICE);
    clock.advance(ApiKeyPolicy.DEFAULT.retention());
    assertThat(keys.purgeEnded()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(keys.purgeEnded()).isEqualTo(1);
    assertThat(refusal(c.key())).isEqualTo(Reason.UNKNOWN);
    keys.authenticate(live.key(), DEVICE);
  }
}
