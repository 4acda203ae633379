package dev.portcullis.token;

import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Authorization codes in a map; each change is one atomic map operation. */
public final class InMemoryAuthorizationCodeStore implements AuthorizationCodeStore, Purgeable {
  private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryAuthorizationCodeStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void create(AuthorizationCode code) {
    if (codes.putIfAbsent(code.codeHash(), code) != null) {
      throw new IllegalStateException("duplicate authorization code");
    }
  }

  @Override
  public Optional<AuthorizationCode> findByHash(String codeHash) {
    AuthorizationCode c = codeHash == null ? null : codes.get(codeHash);
    return Optional.ofNullable(c).filter(this::retained);
  }

  @Override
  public boolean consume(String codeHash, String familyId, Instant at) {
    boolean[] won = {false};
    codes.computeIfPresent(codeHash, (k, c) -> {
      if (c.used() || !retained(c)) {
        return c;
      }
      won[0] = true;
      return c.redeemed(at, familyId);
    });
    return won[0];
  }

  @Override
  public Optional<AuthorizationCode> markReplayed(String codeHash, Instant at) {
    AuthorizationCode now = codes.computeIfPresent(codeHash,
        (k, c) -> c.replayedAt() != null || !c.used() ? c : c.replayed(at));
    return Optional.ofNullable(now).filter(this::retained);
  }

  @Override
  public int purgeExpired() {
    int before = codes.size();
    codes.values().removeIf(c -> !retained(c));
    return before - codes.size();
  }

  private boolean retained(AuthorizationCode c) {
    return clock.instant().isBefore(c.retainUntil());
  }
}
