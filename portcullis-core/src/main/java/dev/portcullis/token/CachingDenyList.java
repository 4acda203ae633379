package dev.portcullis.token;

import dev.portcullis.store.ChangeCounters;
import dev.portcullis.store.CounterCheckedCache;
import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers that a token ({@code jti}) and a refresh family are <em>not</em> denied, each checked on
 * every read against its change counter ({@code d:<jti>}, {@code d:sid:<family>}), which every
 * denial moves on: a revoked token or family is refused at the next request. A denial is never
 * remembered (it is read again, and it ends by itself). A first look at a token costs a store read
 * for the token and one for its family. Worth it where the counters are cheaper than the store (the
 * embedded database, counters in the process); Redis answers both in one round trip and is not
 * wrapped.
 */
public final class CachingDenyList implements Purgeable, DenyList {
  /** Tokens in use at once; past this the map starts afresh. */
  static final int MAX_ENTRIES = 50_000;

  private final DenyList store;
  private final CounterCheckedCache<Boolean> notDenied;

  public CachingDenyList(DenyList store, ChangeCounters counters, Clock clock, Duration maxAge) {
    this.store = store;
    this.notDenied = new CounterCheckedCache<>("d:", counters, clock, maxAge, MAX_ENTRIES);
  }

  @Override
  public void deny(String jti, Instant until) {
    store.deny(jti, until);
    notDenied.changed(jti);
  }

  @Override
  public boolean isDenied(String jti, String familyId) {
    return denied(jti) || familyId != null && denied(DenyList.familyKey(familyId));
  }

  private boolean denied(String key) {
    return notDenied.get(key, k -> store.isDenied(k, null) ? Optional.empty() : Optional.of(Boolean.TRUE)).isEmpty();
  }

  /** Purges what the wrapped store keeps behind (an expired record is not served from memory either). */
  @Override
  public int purgeExpired() {
    return store instanceof Purgeable p ? p.purgeExpired() : 0;
  }
}
