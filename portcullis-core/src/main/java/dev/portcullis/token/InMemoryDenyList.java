package dev.portcullis.token;

import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The deny list in a map: for tests and single-instance embedding. */
public final class InMemoryDenyList implements DenyList, Purgeable {
  private final Map<String, Instant> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryDenyList(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void deny(String jti, Instant until) {
    entries.merge(jti, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public boolean isDenied(String jti, String familyId) {
    return live(jti) || (familyId != null && live(DenyList.familyKey(familyId)));
  }

  private boolean live(String key) {
    Instant until = entries.get(key);
    return until != null && clock.instant().isBefore(until);
  }

  @Override
  public int purgeExpired() {
    Instant now = clock.instant();
    int before = entries.size();
    entries.values().removeIf(until -> !now.isBefore(until));
    return before - entries.size();
  }
}
