package dev.portcullis.token;

import dev.portcullis.store.Purgeable;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Refresh families in maps; writes are serialised so that rotation is a true compare-and-set. */
public final class InMemoryRefreshFamilyStore implements RefreshFamilyStore, Purgeable {
  private record Used(String familyId, Instant at) {}

  private final Map<String, RefreshFamily> families = new ConcurrentHashMap<>();
  private final Map<String, String> currentHashes = new ConcurrentHashMap<>();
  private final Map<String, Used> history = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryRefreshFamilyStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void create(RefreshFamily family) {
    if (families.containsKey(family.id()) || currentHashes.containsKey(family.currentHash())) {
      throw new IllegalStateException("duplicate refresh family " + family.id());
    }
    families.put(family.id(), family);
    currentHashes.put(family.currentHash(), family.id());
  }

  @Override
  public Optional<Match> findByHash(String tokenHash) {
    String id = currentHashes.get(tokenHash);
    if (id != null) {
      return findById(id).filter(f -> f.currentHash().equals(tokenHash))
          .map(f -> new Match(f, true, null));
    }
    Used used = history.get(tokenHash);
    return used == null ? Optional.empty()
        : findById(used.familyId()).map(f -> new Match(f, false, used.at()));
  }

  @Override
  public synchronized boolean rotate(String familyId, String expectedHash, Rotation rotation) {
    Optional<RefreshFamily> f = findById(familyId);
    if (f.isEmpty() || !f.get().currentHash().equals(expectedHash)) {
      return false;
    }
    families.put(familyId, f.get().rotated(rotation));
    currentHashes.remove(expectedHash);
    currentHashes.put(rotation.newHash(), familyId);
    history.put(expectedHash, new Used(familyId, rotation.at()));
    return true;
  }

  @Override
  public Optional<RefreshFamily> findById(String familyId) {
    RefreshFamily f = familyId == null ? null : families.get(familyId);
    return f != null && clock.instant().isBefore(f.expiresAt()) ? Optional.of(f) : Optional.empty();
  }

  @Override
  public List<RefreshFamily> listByUser(String userId) {
    Instant now = clock.instant();
    return families.values().stream()
        .filter(f -> f.userId().equals(userId) && now.isBefore(f.expiresAt()))
        .sorted(Comparator.comparing(RefreshFamily::createdAt).reversed())
        .toList();
  }

  @Override
  public synchronized boolean delete(String userId, String familyId) {
    RefreshFamily f = families.get(familyId);
    if (f == null || !f.userId().equals(userId)) {
      return false;
    }
    remove(f);
    return clock.instant().isBefore(f.expiresAt());
  }

  @Override
  public synchronized int deleteByUser(String userId) {
    Instant now = clock.instant();
    int n = 0;
    for (RefreshFamily f : List.copyOf(families.values())) {
      if (f.userId().equals(userId)) {
        remove(f);
        n += now.isBefore(f.expiresAt()) ? 1 : 0;
      }
    }
    return n;
  }

  @Override
  public synchronized int purgeExpired() {
    Instant now = clock.instant();
    int n = 0;
    for (RefreshFamily f : List.copyOf(families.values())) {
      if (!now.isBefore(f.expiresAt())) {
        remove(f);
        n++;
      }
    }
    return n;
  }

  private void remove(RefreshFamily f) {
    families.remove(f.id());
    currentHashes.remove(f.currentHash());
    history.values().removeIf(u -> u.familyId().equals(f.id()));
  }
}
