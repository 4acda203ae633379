package dev.portcullis.apikey;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.auth.Principal;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.ConflictException;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.throttle.RequestQuota;
import dev.portcullis.throttle.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys: created and rotated by their owner, revoked by their owner or an admin, and
 * authenticated on every request with one read by public id (served from memory by a {@link
 * CachingApiKeyStore} only while the key's change counter has not moved), so a revocation takes
 * effect at the next request on every instance; final refusals are kept, briefly
 * ({@link RejectedKeys}). Each accepted request counts against the key's {@link RequestQuota}.
 */
public final class ApiKeyService {
  private final ApiKeyStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final ApiKeyPolicy policy;
  private final ApiKeyAuthenticator authenticator;

  /** A new key and its full string, shown to its owner once and never stored. */
  public record Created(ApiKey apiKey, String key) {
    @Override
    public String toString() {
      return "Created[" + apiKey + "]";
    }
  }

  /** The key a request presented, and where its rate limit stands after the request. */
  /**
   * {@code accountCounter}: the owner's account change counter when it was read with the key, to
   * pass to {@link dev.portcullis.account.AccountStore#findById(String, java.util.OptionalLong)}
   * within the same request.
   */
  public record Authenticated(ApiKey apiKey, RequestQuota.Usage usage, java.util.OptionalLong accountCounter) {}

  public ApiKeyService(ApiKeyStore store, ThrottleStore throttle, AuditLog audit, Clock clock, ApiKeyPolicy policy) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.policy = policy;
    this.authenticator = new ApiKeyAuthenticator(store, new RequestQuota(throttle, clock), audit, clock, policy);
  }

  public ApiKeyPolicy policy() {
    return policy;
  }

  /** A new key for {@code userId}; {@code expiresIn} empty for a key that does not expire. */
  public Created create(String userId, String name, Collection<String> scopes, Optional<Duration> expiresIn,
      Device device) {
    String cleanName = ApiKeyRules.name(name);
    Set<String> cleanScopes = ApiKeyRules.scopes(scopes);
    Instant now = clock.instant();
    Instant expiresAt = expiresIn.map(d -> now.plus(ApiKeyRules.lifetime(d, policy))).orElse(null);
    if (list(userId).size() >= policy.maxKeysPerUser()) {
      throw new InvalidRequestException("You have " + policy.maxKeysPerUser() + " API keys; revoke one first.");
    }
    Created created = newKey(userId, cleanName, cleanScopes, now, expiresAt);
    store.create(created.apiKey());
    record(AuditEvent.API_KEY_CREATED, userId, device, "API key " + created.apiKey().id() + " created");
    return created;
  }

  /**
   * The live key {@code presented} names, after counting the request against its rate limit.
   * Throws {@link InvalidApiKeyException} for any key that does not work, {@link
   * dev.portcullis.throttle.QuotaExceededException} past the rate limit.
   */
  public Authenticated authenticate(String presented, Device device) {
    return authenticator.authenticate(presented, device);
  }

  /** The user's working keys (those in a rotation grace included), newest first. */
  public List<ApiKey> list(String userId) {
    Instant now = clock.instant();
    return store.listByUser(userId).stream().filter(k -> k.liveAt(now)).toList();
  }

  /**
   * Issues a successor of the owner's key {@code keyId} with the same name, scopes and lifetime; the
   * old key keeps working for {@code grace} (default {@link ApiKeyPolicy#defaultGrace()}), never
   * past its own expiry. 404 if it is not the owner's live key, 409 if it was already rotated.
   */
  public Created rotate(String userId, String keyId, Optional<Duration> grace, Device device) {
    Duration g = grace.orElse(policy.defaultGrace());
    if (g.isNegative() || g.compareTo(policy.maxGrace()) > 0) {
      throw new InvalidRequestException("The grace must be between 0 and " + policy.maxGrace().toSeconds() + " seconds.");
    }
    Instant now = clock.instant();
    ApiKey old = find(keyId).filter(k -> k.userId().equals(userId) && k.liveAt(now))
        .orElseThrow(() -> new NotFoundException("No such API key."));
    if (old.successorId() != null) {
      throw new ConflictException("This API key was already rotated; rotate its successor.");
    }
    Instant retireAt = old.expiresAt() != null && old.expiresAt().isBefore(now.plus(g)) ? old.expiresAt() : now.plus(g);
    Instant expiresAt = old.expiresAt() == null ? null
        : now.plus(min(Duration.between(old.createdAt(), old.expiresAt()), policy.maxLifetime()));
    Created successor = newKey(userId, old.name(), old.scopes(), now, expiresAt);
    if (!store.rotate(old.id(), successor.apiKey(), now, retireAt)) {
      throw new ConflictException("This API key was already rotated or revoked.");
    }
    record(AuditEvent.API_KEY_ROTATED, userId, device, "API key " + old.id() + " rotated to "
        + successor.apiKey().id() + "; the old key works until " + retireAt);
    return successor;
  }

  /** Revokes a key of {@code actor}'s own, or any key for an admin; 404 for any other id (no probing). */
  public void revoke(Principal actor, String keyId, Device device) {
    ApiKey key = find(keyId).filter(k -> k.userId().equals(actor.userId()) || actor.isAdmin())
        .orElseThrow(() -> new NotFoundException("No such API key."));
    if (!store.revoke(keyId, clock.instant())) {
      throw new NotFoundException("No such API key.");
    }
    String by = key.userId().equals(actor.userId()) ? "" : " by admin " + actor.userId();
    record(AuditEvent.API_KEY_REVOKED, key.userId(), device, "API key " + keyId + " revoked" + by);
  }

  /** Deletes keys that ended longer than {@link ApiKeyPolicy#retention()} ago; returns how many. */
  public int purgeEnded() {
    return store.purgeEndedBefore(clock.instant().minus(policy.retention()));
  }

  private Optional<ApiKey> find(String keyId) {
    return ApiKeyFormat.isId(keyId) ? store.findById(keyId) : Optional.empty();
  }

  private static Created newKey(String userId, String name, Set<String> scopes, Instant now, Instant expiresAt) {
    String id = ApiKeyFormat.newId();
    String secret = ApiKeyFormat.newSecret();
    String key = ApiKeyFormat.format(id, secret);
    return new Created(new ApiKey(id, userId, name, scopes, Tokens.sha256(secret), ApiKeyFormat.hint(key), now,
        expiresAt, null, null, null, null), key);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void record(String type, String userId, Device device, String detail) {
    audit.record(new AuditEvent(clock.instant(), type, userId, device.ip(), device.userAgent(), detail));
  }
}
