package dev.portcullis.token;

import java.time.Duration;
import java.util.List;

/**
 * Every knob of the token feature, validated once. {@code audiences} are the {@code aud} values the
 * verifier accepts by default; the first one is put into tokens of clients without their own.
 *
 * @param algorithm {@code ES256}, {@code EdDSA} or {@code RS256}, used for newly generated keys
 * @param refreshIdle a family unused for this long expires
 * @param refreshAbsolute a family expires this long after login, however much it is used
 * @param refreshGrace how long a just-rotated refresh token still yields the same successor pair
 * @param keyRefresh how often an instance re-reads the key store, to see rotations by others
 */
public record TokenPolicy(
    String issuer,
    List<String> audiences,
    String algorithm,
    Duration accessTtl,
    Duration leeway,
    Duration refreshIdle,
    Duration refreshAbsolute,
    Duration refreshGrace,
    int maxTokenBytes,
    int verifiedCacheSize,
    Duration keyRefresh,
    Duration tokenVersionTtl) {

  /** The hard ceiling on access-token lifetime, whatever is configured. */
  public static final Duration MAX_ACCESS_TTL = Duration.ofMinutes(15);

  private static final Duration MAX_LEEWAY = Duration.ofMinutes(2);

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
    SigningAlgorithm.of(algorithm);
    requireBetween("accessTtl", accessTtl, Duration.ofSeconds(1), MAX_ACCESS_TTL);
    requireBetween("leeway", leeway, Duration.ZERO, MAX_LEEWAY);
    requireBetween("refreshAbsolute", refreshAbsolute, Duration.ofMinutes(1), Duration.ofDays(3650));
    requireBetween("refreshIdle", refreshIdle, Duration.ofMinutes(1), refreshAbsolute);
    requireBetween("refreshGrace", refreshGrace, Duration.ZERO, Duration.ofMinutes(5));
    requireBetween("keyRefresh", keyRefresh, Duration.ZERO, Duration.ofHours(1));
    requireBetween("tokenVersionTtl", tokenVersionTtl, Duration.ZERO, Duration.ofSeconds(1));
    if (maxTokenBytes < 1024 || verifiedCacheSize < 0) {
      throw new IllegalArgumentException("maxTokenBytes must be >= 1024, verifiedCacheSize >= 0");
    }
  }

  /**
   * Defaults: RS256 (see docs/benchmarks.md), access tokens 10 min, leeway 30 s, refresh idle 14 d within 30 d, no grace,
   * 8 KiB tokens, 10,000 verified tokens cached, keys re-read every minute, token versions 1 s.
   */
  public static TokenPolicy defaults(String issuer) {
    return new TokenPolicy(
        issuer,
        List.of(issuer),
        "RS256",
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofDays(14),
        Duration.ofDays(30),
        Duration.ZERO,
        8192,
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

  public TokenPolicy withAlgorithm(String alg) {
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

  public TokenPolicy withAudiences(List<String> accepted) {
    return new TokenPolicy(issuer, accepted, algorithm, accessTtl, leeway, refreshIdle,
        refreshAbsolute, refreshGrace, maxTokenBytes, verifiedCacheSize, keyRefresh, tokenVersionTtl);
  }

  private static void requireBetween(String name, Duration d, Duration min, Duration max) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
    }
  }
}
