package dev.portcullis.client;

import dev.portcullis.error.OAuthException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The space-delimited {@code scope} parameter of RFC 6749 section 3.3, and the subset rule. */
public final class Scopes {
  /** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), kept short so a token stays small. */
  private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");
  private static final int MAX_SCOPES = 64;

  private Scopes() {}

  /** Null or blank parses as the empty set: the caller decides what "no scope requested" means. */
  public static Set<String> parse(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return validate(Arrays.asList(value.trim().split(" +")));
  }

  public static Set<String> validate(Collection<String> scopes) {
    if (scopes.size() > MAX_SCOPES) {
      throw OAuthException.invalidScope("too many scopes: " + scopes.size());
    }
    for (String s : scopes) {
      if (s == null || !TOKEN.matcher(s).matches()) {
        throw OAuthException.invalidScope("malformed scope token");
      }
    }
    return Set.copyOf(scopes);
  }

  /** Sorted, so that equal sets always print the same way in tokens and answers. */
  public static String format(Collection<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  /**
   * The scope to grant: what was requested, which must lie within {@code allowed}; when nothing was
   * requested, all of {@code allowed}. Scope can narrow, never widen.
   */
  public static Set<String> narrow(String requested, Set<String> allowed) {
    Set<String> wanted = parse(requested);
    if (wanted.isEmpty()) {
      return Set.copyOf(allowed);
    }
    if (!allowed.containsAll(wanted)) {
      throw OAuthException.invalidScope("requested scope exceeds the allowed scope");
    }
    return wanted;
  }
}
