package dev.portcullis.apikey;

import dev.portcullis.client.Scopes;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.OAuthException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The checks on what a user asks for when creating a key: a clear 400, never a half-made key. */
final class ApiKeyRules {
  static final int MAX_NAME_LENGTH = 100;

  private ApiKeyRules() {}

  /** The name, trimmed: 1 to 100 characters, no control characters (it is shown in lists and logs). */
  static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > MAX_NAME_LENGTH) {
      throw new InvalidRequestException("An API key needs a name of 1 to " + MAX_NAME_LENGTH + " characters.");
    }
    if (n.codePoints().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException("An API key name cannot contain control characters.");
    }
    return n;
  }

  /** RFC 6749 section 3.3 scope tokens, as for OAuth clients; none is allowed (a key for identity only). */
  static Set<String> scopes(Collection<String> scopes) {
    try {
      return Scopes.validate(scopes == null ? List.of() : scopes);
    } catch (OAuthException e) {
      throw new InvalidRequestException("The scopes must be at most 64 RFC 6749 scope tokens.");
    }
  }

  /** A lifetime between one second and {@link ApiKeyPolicy#maxLifetime()}. */
  static Duration lifetime(Duration lifetime, ApiKeyPolicy policy) {
    if (lifetime.toSeconds() < 1 || lifetime.compareTo(policy.maxLifetime()) > 0) {
      throw new InvalidRequestException(
          "An API key's lifetime must be between 1 second and " + policy.maxLifetime().toDays() + " days.");
    }
    return lifetime;
  }
}
