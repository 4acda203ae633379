package dev.portcullis.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which stored key signs when, worked out from the stored keys alone so that every instance, having
 * read the same rows, switches keys at the same instant instead of at its own next re-read. Keys
 * are ordered by activation (then creation, then kid, so that keys generated at the same instant by
 * two instances still have one order); the last one activated signs.
 */
final class KeySchedule {
  static final Comparator<SigningKey> ORDER = Comparator.comparing(SigningKey::activatesAt)
      .thenComparing(SigningKey::createdAt).thenComparing(SigningKey::kid);

  /** A key that stops signing at {@code at}, when the key after it in the order activates. */
  record Retirement(String kid, Instant at) {}

  private KeySchedule() {}

  /** The key that signs at {@code t}: the latest one activated by then. */
  static Optional<SigningKey> signerAt(Collection<SigningKey> keys, Instant t) {
    return keys.stream().filter(k -> !k.activatesAt().isAfter(t)).max(ORDER);
  }

  /** The key signing at {@code t} followed by those waiting to activate, in activation order. */
  static List<SigningKey> signersFrom(Collection<SigningKey> keys, Instant t) {
    Optional<SigningKey> current = signerAt(keys, t);
    return keys.stream()
        .filter(k -> current.isEmpty() || ORDER.compare(k, current.get()) >= 0)
        .sorted(ORDER)
        .toList();
  }

  /**
   * The keys not yet retired whose successor activates by {@code horizon}, each with that
   * activation: a rotation schedules its predecessors' retirement with a far horizon, and every
   * re-read tidies up with the present (two instances that rotated or started at once).
   */
  static List<Retirement> superseded(Collection<SigningKey> keys, Instant horizon) {
    List<SigningKey> sorted = keys.stream().sorted(ORDER).toList();
    List<Retirement> out = new ArrayList<>();
    for (int i = 0; i + 1 < sorted.size(); i++) {
      SigningKey next = sorted.get(i + 1);
      if (sorted.get(i).isActive() && !next.activatesAt().isAfter(horizon)) {
        out.add(new Retirement(sorted.get(i).kid(), next.activatesAt()));
      }
    }
    return out;
  }
}
