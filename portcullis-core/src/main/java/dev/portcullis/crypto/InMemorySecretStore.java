package dev.portcullis.crypto;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Server secrets in a map: only for a single process, since nothing is shared or kept. */
public final class InMemorySecretStore implements SecretStore {
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  @Override
  public String getOrCreate(String name, String candidate) {
    Objects.requireNonNull(candidate, "candidate");
    String previous = secrets.putIfAbsent(name, candidate);
    return previous == null ? candidate : previous;
  }
}
