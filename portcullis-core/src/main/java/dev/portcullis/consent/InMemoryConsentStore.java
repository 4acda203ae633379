package dev.portcullis.consent;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Consents in a map: for tests and for embedding without a database. */
public final class InMemoryConsentStore implements ConsentStore {
  private final Map<String, Set<String>> granted = new ConcurrentHashMap<>();

  @Override
  public void grant(String userId, String clientId, Set<String> scopes) {
    granted.computeIfAbsent(userId + " " + clientId, k -> ConcurrentHashMap.newKeySet()).addAll(scopes);
  }

  @Override
  public boolean covers(String userId, String clientId, Set<String> scopes) {
    Set<String> s = granted.get(userId + " " + clientId);
    return s != null && s.containsAll(scopes);
  }
}
