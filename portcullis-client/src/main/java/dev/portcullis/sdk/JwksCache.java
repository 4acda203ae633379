package dev.portcullis.sdk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The authorization server's public keys (RFC 7517 JWK Set), fetched over HTTP and kept for the
 * answer's {@code Cache-Control: max-age} (within bounds). A key that is not in the set causes one
 * refetch at most per {@code refetchInterval}, whatever the number of tokens naming unknown keys,
 * and concurrent callers that need a fetch wait for the same one. When the set has merely expired,
 * one caller fetches it again while the others go on with the expired set, so no request waits
 * for the routine refresh but the one that does it. When a fetch fails, the last good
 * set stays in use and the next attempt waits for the interval; before any set was fetched, every
 * token is {@code UNAVAILABLE}.
 */
final class JwksCache {
  private static final System.Logger LOG = System.getLogger(JwksCache.class.getName());
  /** A JWKS is a few KiB; a larger answer is not one. */
  private static final int MAX_BYTES = 512 * 1024;

  /** A published key, with the one algorithm it verifies. */
  record Key(String kid, JWSAlgorithm algorithm, JWSVerifier verifier) {}

  private record Snapshot(Map<String, Key> keys, Instant expiresAt) {}

  /** The bounds and defaults of the cache. */
  record Timing(Duration minMaxAge, Duration maxMaxAge, Duration defaultMaxAge, Duration refetchInterval) {}

  private final URI uri;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final Set<JWSAlgorithm> algorithms;
  private final Timing timing;
  private final ReentrantLock fetchLock = new ReentrantLock();
  private volatile Snapshot snapshot;
  /** Guarded by fetchLock. */
  private Instant lastAttempt;

  JwksCache(URI uri, HttpClient http, Duration timeout, Clock clock, Set<JWSAlgorithm> algorithms, Timing timing) {
    this.uri = uri;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
    this.algorithms = Set.copyOf(algorithms);
    this.timing = timing;
  }

  /**
   * The key {@code kid}: from the cached set while it is fresh, after a refetch when it has expired,
   * and after one more (rate-limited) refetch when the key is not in it.
   */
  Key key(String kid) throws TokenVerificationException {
    Snapshot s = snapshot;
    if (s == null) {
      s = refresh(null, true);
    } else if (!clock.instant().isBefore(s.expiresAt())) {
      s = refresh(s, false); // while another caller refreshes, the expired set still serves
    }
    Key k = s.keys().get(kid);
    if (k == null) {
      s = refresh(s, true);
      k = s.keys().get(kid);
    }
    if (k == null) {
      throw new TokenVerificationException(TokenVerificationException.Reason.UNKNOWN_KID,
          "no published key has kid " + clip(kid));
    }
    return k;
  }

  /**
   * Fetches now unless someone else did since {@code seen} was read, or an attempt is too recent.
   * With {@code wait} false, a fetch under way elsewhere is not waited for: {@code seen} is returned.
   */
  private Snapshot refresh(Snapshot seen, boolean wait) throws TokenVerificationException {
    if (wait) {
      fetchLock.lock();
    } else if (!fetchLock.tryLock()) {
      return seen;
    }
    try {
      Snapshot current = snapshot;
      if (current != seen) {
        return current; // another caller fetched while this one waited
      }
      Instant now = clock.instant();
      if (lastAttempt != null && now.isBefore(lastAttempt.plus(timing.refetchInterval()))) {
        if (current == null) {
          throw new TokenVerificationException(TokenVerificationException.Reason.UNAVAILABLE,
              "the JWKS at " + uri + " could not be fetched; next attempt after " + lastAttempt.plus(timing.refetchInterval()));
        }
        return current;
      }
      lastAttempt = now;
      try {
        Snapshot fetched = fetch(now);
        snapshot = fetched;
        return fetched;
      } catch (IOException | ParseException e) {
        LOG.log(System.Logger.Level.WARNING, "could not fetch the JWKS at " + uri + ": " + e
            + (current == null ? "" : "; keeping the keys fetched before"));
        if (current == null) {
          throw new TokenVerificationException(TokenVerificationException.Reason.UNAVAILABLE,
              "the JWKS at " + uri + " could not be fetched", e);
        }
        return current;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenVerificationException(TokenVerificationException.Reason.UNAVAILABLE,
            "interrupted while fetching the JWKS", e);
      }
    } finally {
      fetchLock.unlock();
    }
  }

  private Snapshot fetch(Instant now) throws IOException, InterruptedException, ParseException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String body;
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("the JWKS exceeds " + MAX_BYTES + " bytes");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    Map<String, Key> keys = new HashMap<>();
    for (JWK jwk : JWKSet.parse(body).getKeys()) {
      usable(jwk).ifPresent(k -> keys.put(k.kid(), k));
    }
    Duration maxAge = maxAge(response.headers().firstValue("Cache-Control").orElse(null));
    return new Snapshot(Map.copyOf(keys), now.plus(maxAge));
  }

  /**
   * A signing key with a kid and an allowed algorithm; its {@code alg} is the one it verifies (RFC
   * 7517 section 4.4), or, when absent, the one its type implies.
   */
  private Optional<Key> usable(JWK jwk) {
    if (jwk.getKeyID() == null || jwk.isPrivate() || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
      return Optional.empty();
    }
    JWSAlgorithm alg = jwk.getAlgorithm() != null ? JWSAlgorithm.parse(jwk.getAlgorithm().getName()) : implied(jwk);
    if (alg == null || !algorithms.contains(alg)) {
      return Optional.empty();
    }
    try {
      JWSVerifier verifier;
      if (JWSAlgorithm.Family.RSA.contains(alg) && jwk instanceof RSAKey rsa) {
        verifier = new RSASSAVerifier(rsa);
      } else if (JWSAlgorithm.Family.EC.contains(alg) && jwk instanceof ECKey ec) {
        verifier = new ECDSAVerifier(ec);
      } else if ((JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg))
          && jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
        verifier = new Ed25519Verifier(okp);
      } else {
        return Optional.empty();
      }
      return Optional.of(new Key(jwk.getKeyID(), alg, verifier));
    } catch (JOSEException | LinkageError e) {
      // an EdDSA key without Tink on the class path (see the pom), or a key Nimbus refuses
      LOG.log(System.Logger.Level.WARNING, "skipping JWKS key " + clip(jwk.getKeyID()) + " (" + alg + "): " + e);
      return Optional.empty();
    }
  }

  private static JWSAlgorithm implied(JWK jwk) {
    if (jwk instanceof RSAKey) {
      return JWSAlgorithm.RS256;
    } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      return JWSAlgorithm.ES256;
    } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    }
    return null;
  }

  /** RFC 9111 section 5.2.2.1 {@code max-age}, within the bounds; {@code no-store}/{@code no-cache} is the minimum. */
  Duration maxAge(String cacheControl) {
    if (cacheControl == null) {
      return timing.defaultMaxAge();
    }
    Duration chosen = null;
    for (String directive : cacheControl.split(",")) {
      String d = directive.trim().toLowerCase(Locale.ROOT);
      if (d.equals("no-store") || d.equals("no-cache")) {
        return timing.minMaxAge();
      }
      if (d.startsWith("max-age=")) {
        try {
          chosen = Duration.ofSeconds(Long.parseLong(d.substring(8).replace("\"", "").trim()));
        } catch (NumberFormatException e) {
          chosen = null;
        }
      }
    }
    if (chosen == null) {
      return timing.defaultMaxAge();
    }
    if (chosen.compareTo(timing.minMaxAge()) < 0) {
      return timing.minMaxAge();
    }
    return chosen.compareTo(timing.maxMaxAge()) > 0 ? timing.maxMaxAge() : chosen;
  }

  static String clip(String s) {
    return s == null ? "(none)" : s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
