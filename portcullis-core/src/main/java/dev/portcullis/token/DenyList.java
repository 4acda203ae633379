package dev.portcullis.token;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Access tokens revoked before their expiry: one token by its {@code jti}, or every token of a
 * refresh family by the family id they carry as {@code sid}. An entry only needs to live until the
 * last token it covers has expired; after that it reads as absent, and a store that keeps it
 * behind is {@link dev.portcullis.store.Purgeable}.
 *
 * <p>Family entries live in their own key space ({@link #familyKey}), inside the same store as jti
 * entries, so that one verification asks about both in one round trip.
 */
public interface DenyList {
  /** Denies the token until {@code until} (its expiry); denying twice keeps the later instant. */
  void deny(String jti, Instant until);

  /**
   * Denies every access token whose {@code sid} is {@code familyId} until {@code until} (when the
   * last one the family could have been issued has expired); denying twice keeps the later instant.
   */
  default void denyFamily(String familyId, Instant until) {
    deny(familyKey(familyId), until);
  }

  /**
   * True while the token {@code jti} or its family {@code familyId} (null for a token without one)
   * is denied. Implementations answer both in one store round trip: this runs on every verification.
   */
  boolean isDenied(String jti, String familyId);

  /**
   * The answer of {@link #isDenied(String, String)}, with the value of the change counter of the
   * token's account ({@link dev.portcullis.store.ChangeCounters}, name {@code a:<user id>}) when
   * the store read it in the same round trip; empty otherwise. The value belongs to this request.
   */
  record Check(boolean denied, OptionalLong accountCounter) {}

  /** {@link #isDenied(String, String)}, reading {@code userId}'s account counter too where that costs nothing. */
  default Check check(String jti, String familyId, String userId) {
    return new Check(isDenied(jti, familyId), OptionalLong.empty());
  }

  /** True while the token itself is denied. */
  default boolean isDenied(String jti) {
    return isDenied(jti, null);
  }

  /**
   * Where a family's entry is kept among jti entries. A {@code jti} this server issues is base64url
   * and never contains ':', so the two never collide.
   */
  static String familyKey(String familyId) {
    return "sid:" + familyId;
  }
}
