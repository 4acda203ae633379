package dev.portcullis.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Persistence of API keys, keyed by their public id. Unlike most stores, an ended key (revoked,
 * expired or retired) still reads as present until {@link #purgeEndedBefore} removes it: the
 * service judges validity with its own clock, and needs the ended key to tell a revoked key's use
 * from a made-up one. A key's owner, secret hash and scopes never change once stored.
 */
public interface ApiKeyStore {
  /** Inserts a new key; its id is unique (95 random bits), a duplicate is an error. */
  void create(ApiKey key);

  Optional<ApiKey> findById(String id);

  /**
   * A key read to authenticate a request, with the value of its owner's account change counter
   * ({@link dev.portcullis.store.ChangeCounters}, {@code a:<user id>}) when the store read it in
   * the same round trip as the key's own; empty otherwise. The value belongs to this request.
   */
  record Found(ApiKey key, OptionalLong accountCounter) {}

  /** {@link #findById}, with the owner's account counter where that costs nothing more. */
  default Optional<Found> findForUse(String id) {
    return findById(id).map(k -> new Found(k, OptionalLong.empty()));
  }

  /** Every stored key of the user, ended ones included, newest first. */
  List<ApiKey> listByUser(String userId);

  /**
   * In one atomic step: only if key {@code id} belongs to {@code successor.userId()}, is not
   * revoked, not expired at {@code at}, and has no successor yet, sets its {@code retiresAt} to
   * {@code retireAt} and its {@code successorId}, and inserts {@code successor}. Of racing rotations
   * of one key exactly one returns true; the others change nothing (their successor is not stored).
   */
  boolean rotate(String id, ApiKey successor, Instant at, Instant retireAt);

  /**
   * Sets {@code revokedAt} to {@code at} if the key is live at {@code at} (not revoked, expired or
   * retired); true if it did. A key in its rotation grace is live, so revoking it ends the grace.
   */
  boolean revoke(String id, Instant at);

  /**
   * Records a use at {@code at}, but only if the recorded last use is absent or not after {@code
   * staleAt}, so that instances racing to record the same interval write once. Touches nothing
   * else: a use racing a revocation never undoes it. True if it wrote.
   */
  boolean touch(String id, Instant at, Instant staleAt);

  /** Deletes keys that ended (revoked, expired or retired) before {@code cutoff}; returns how many. */
  int purgeEndedBefore(Instant cutoff);
}
