package dev.portcullis.token;

import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signing keys in a map: for tests and single-instance embedding. */
public final class InMemorySigningKeyStore implements SigningKeyStore, Purgeable {
  private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemorySigningKeyStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean insert(SigningKey key) {
    return keys.putIfAbsent(key.kid(), key) == null;
  }

  @Override
  public List<SigningKey> list() {
    Instant now = clock.instant();
    return keys.values().stream()
        .filter(k -> published(k, now))
        .sorted(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid))
        .toList();
  }

  @Override
  public boolean retire(String kid, Instant retiredAt, Instant publishUntil) {
    boolean[] done = {false};
    keys.computeIfPresent(kid, (k, key) -> {
      if (!key.isActive()) {
        return key;
      }
      done[0] = true;
      return key.retired(retiredAt, publishUntil);
    });
    return done[0];
  }

  @Override
  public boolean withdraw(String kid, Instant at) {
    boolean[] done = {false};
    keys.computeIfPresent(kid, (k, key) -> {
      if (!published(key, at)) {
        return key;
      }
      done[0] = true;
      return key.withdrawn(at);
    });
    return done[0];
  }

  @Override
  public int purgeExpired() {
    Instant now = clock.instant();
    int before = keys.size();
    keys.values().removeIf(k -> !published(k, now));
    return before - keys.size();
  }

  private static boolean published(SigningKey k, Instant now) {
    return k.publishUntil() == null || now.isBefore(k.publishUntil());
  }
}
