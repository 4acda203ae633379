package dev.portcullis.consent;

import java.util.Set;

/**
 * What each user allowed each third-party client: the scopes of every Allow on the consent page,
 * accumulated. A later authorization asking for the same or fewer scopes skips the page.
 */
public interface ConsentStore {
  /** Adds {@code scopes} (possibly none) to what {@code userId} allowed {@code clientId}; idempotent. */
  void grant(String userId, String clientId, Set<String> scopes);

  /** True if {@code userId} once allowed {@code clientId} and every one of {@code scopes} since. */
  boolean covers(String userId, String clientId, Set<String> scopes);
}
