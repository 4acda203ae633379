package dev.portcullis.token;

import java.time.Duration;
import java.util.List;

/**
 * Every knob of the token feature, validated once, here: the server's flags only parse and hand
 * their values to the {@code with…} methods, so each default and limit below is the only one.
 * {@code audiences} are the {@code aud} values the verifier accepts by default; the first one is put
 * into tokens of clients without their own.
 *
 * @param algorithm the algorithm of newly generated keys
 * @param refreshIdle a family unused for this long expires
 * @param refreshAbsolute a family expires this long after login, however much it is used
 * @param refreshGrace how long a just-rotated refresh token still yields the same successor pair
 * @param keyRefresh how often an instance re-reads the key store, to see rotations by others
 */
public record TokenPolicy(
    String issuer,
    List<String> audiences,
    SigningAlgorithm algorithm,
    Duration accessTtl,
    Duration leeway,
    Duration refreshIdle,
    Duration refreshAbsolute,
    Duration refreshGrace,
    int maxTokenBytes,
    int verifiedCacheSize,
    Duration keyRefresh,
    Duration tokenVersionTtl) {

  /** Chosen by measurement: see docs/benchmarks.md, "Choice of the default signing algorithm". */
  public static final SigningAlgorithm DEFAULT_ALGORITHM = SigningAlgorithm.RS256;

  public static final Duration DEFAULT_ACCESS_TTL = Duration.ofMinutes(10);
  public static final Duration MIN_ACCESS_TTL = Duration.ofSeconds(1);
  /** The hard ceiling on access-token lifetime, whatever is configured. */
  public static final Duration MAX_ACCESS_TTL = Duration.ofMinutes(15);

  /** A family unused this long expires, unless its absolute lifetime is shorter still. */
  public static final Duration DEFAULT_REFRESH_IDLE = Duration.ofDays(14);
  public static final Duration DEFAULT_REFRESH_ABSOLUTE = Duration.ofDays(30);
  public static final Duration MIN_REFRESH_LIFETIME = Duration.ofMinutes(1);
  public static final Duration MAX_REFRESH_ABSOLUTE = Duration.ofDays(3650);
  /**
   * The longest a browser-based app's refresh family lives, whatever {@code refreshAbsolute} says
   * (RFC 10017: tokens held in the browser are exposed to the page's scripts; bounding the family
   * bounds what a stolen one is worth). The app then sends the user through the code flow again,
   * silently if the server's session is still alive.
   */
  public static final Duration BROWSER_REFRESH_ABSOLUTE = Duration.ofDays(1);
  /** No grace by default: the losers of a concurrent refresh are treated as reuse. */
  public static final Duration DEFAULT_REFRESH_GRACE = Duration.ZERO;
  public static final Duration MAX_REFRESH_GRACE = Duration.ofMinutes(5);

  /** Clock skew allowed on exp, nbf and iat. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(2);
  /** Longer tokens are refused before they are parsed. */
  public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;

  /**
   * How long resource servers may cache the JWKS ({@code Cache-Control: max-age}). One value for the
   * header and for {@link #keyPrePublication()}, so that the two cannot drift apart.
   */
  private static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

  /** Covers clock skew between us and resource servers, and caches that serve a JWKS a little late. */
  private static final Duration PUBLICATION_MARGIN = Duration.ofMinutes(1);

  public TokenPolicy {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer is required");
    }
    audiences = List.copyOf(audiences);
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("at least one audience is required");
    }
    if (algorithm == null) {
      throw new IllegalArgumentException("a signing algorithm is required");
    }
    requireBetween("the access-token lifetime", accessTtl, MIN_ACCESS_TTL, MAX_ACCESS_TTL);
    requireBetween("leeway", leeway, Duration.ZERO, MAX_LEEWAY);
    requireBetween("the refresh-token family lifetime", refreshAbsolute, MIN_REFRESH_LIFETIME, MAX_REFRESH_ABSOLUTE);
    requireBetween("the refresh idle timeout", refreshIdle, MIN_REFRESH_LIFETIME, refreshAbsolute);
    requireBetween("the refresh grace window", refreshGrace, Duration.ZERO, MAX_REFRESH_GRACE);
    requireBetween("keyRefresh", keyRefresh, Duration.ZERO, Duration.ofHours(1));
    requireBetween("tokenVersionTtl", tokenVersionTtl, Duration.ZERO, Duration.ofSeconds(1));
    if (maxTokenBytes < 1024 || verifiedCacheSize < 0) {
      throw new IllegalArgumentException("maxTokenBytes must be >= 1024, verifiedCacheSize >= 0");
    }
  }

  /**
   * The defaults above, plus: leeway 30 s, 8 KiB tokens, 10,000 verified tokens cached, keys re-read
   * every minute, token versions 1 s.
   */
  public static TokenPolicy defaults(String issuer) {
    return new TokenPolicy(
        issuer,
        List.of(issuer),
        DEFAULT_ALGORITHM,
        DEFAULT_ACCESS_TTL,
        DEFAULT_LEEWAY,
        DEFAULT_REFRESH_IDLE,
        DEFAULT_REFRESH_ABSOLUTE,
        DEFAULT_REFRESH_GRACE,
        DEFAULT_MAX_TOKEN_BYTES,
        10_000,
        Duration.ofMinutes(1),
        Duration.ofSeconds(1));
  }

  public String defaultAudience() {
    return audiences.get(0);
  }

  /**
   * How long a retired key stays published: a token signed just before retirement (or by an
   * instance that has not re-read the store yet) must still verify until it has expired.
   */
  public Duration retiredKeyPublication() {
    return MAX_ACCESS_TTL.plus(leeway).plus(keyRefresh);
  }

  /** The JWKS answer's {@code Cache-Control: max-age}. */
  public Duration jwksMaxAge() {
    return JWKS_MAX_AGE;
  }

  /**
   * How long a routinely rotated key is published before it signs anything: a resource server may
   * have fetched the JWKS just before the rotation, from an instance that had not re-read the store
   * yet ({@link #keyRefresh()}), and keep it for {@link #jwksMaxAge()}; by the time the new key
   * signs, every such cache has been refreshed and holds it.
   */
  public Duration keyPrePublication() {
    return jwksMaxAge().plus(keyRefresh).plus(PUBLICATION_MARGIN);
  }

  public TokenPolicy withAlgorithm(SigningAlgorithm alg) {
    return new TokenPolicy(issuer, audiences, alg, accessTtl, leeway, refreshIdle, refreshAbsolute,
        refreshGrace, maxTokenBytes, verifiedCacheSize, keyRefresh, tokenVersionTtl);
  }

  public TokenPolicy withAccessTtl(Duration ttl) {
    return new TokenPolicy(issuer, audiences, algorithm, ttl, leeway, refreshIdle, refreshAbsolute,
        refreshGrace, maxTokenBytes, verifiedCacheSize, keyRefresh, tokenVersionTtl);
  }

  public TokenPolicy withRefresh(Duration idle, Duration absolute, Duration grace) {
    return new TokenPolicy(issuer, audiences, algorithm, accessTtl, leeway, idle, absolute, grace,
        maxTokenBytes, verifiedCacheSize, keyRefresh, tokenVersionTtl);
  }

  /**
   * Families that live {@code absolute} at most (the {@code --refresh-ttl} of the server), and
   * expire earlier when unused for the default idle timeout, or for {@code absolute} if shorter.
   */
  public TokenPolicy withRefreshLifetime(Duration absolute) {
    Duration idle = absolute != null && absolute.compareTo(DEFAULT_REFRESH_IDLE) < 0 ? absolute : DEFAULT_REFRESH_IDLE;
    return withRefresh(idle, absolute, refreshGrace);
  }

  public TokenPolicy withRefreshGrace(Duration grace) {
    return withRefresh(refreshIdle, refreshAbsolute, grace);
  }

  public TokenPolicy withAudiences(List<String> accepted) {
    return new TokenPolicy(issuer, accepted, algorithm, accessTtl, leeway, refreshIdle,
        refreshAbsolute, refreshGrace, maxTokenBytes, verifiedCacheSize, keyRefresh, tokenVersionTtl);
  }

  private static void requireBetween(String name, Duration d, Duration min, Duration max) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + text(min) + " and " + text(max));
    }
  }

  /** A limit as operators write it: {@code 15m}, {@code 3650d}, {@code 0s}. */
  private static String text(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; ms != 0 && i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms == 0 ? "0s" : ms + "ms";
  }
}
