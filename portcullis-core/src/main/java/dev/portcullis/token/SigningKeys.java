package dev.portcullis.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import dev.portcullis.crypto.AesGcm;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.StoreUnavailableException;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's signing keys: generated on first start, kept in the shared store (private halves
 * sealed under the key-encryption key when one is given), rotated on demand, and re-read every
 * {@link TokenPolicy#keyRefresh()} so that every instance sees a rotation made by another. A routine
 * rotation publishes the new key {@link TokenPolicy#keyPrePublication()} before it signs, and the
 * stored activation instant tells every instance when to switch (see {@link KeySchedule}).
 */
public final class SigningKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  /** An unknown kid may mean another instance just rotated; re-read at most this often for it. */
  private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(5);
  private static final String SEALED = "aesgcm:";
  private static final String PLAIN = "plain:";

  private final SigningKeyStore store;
  private final TokenPolicy policy;
  private final Clock clock;
  private final byte[] keyEncryptionKey;
  private volatile Snapshot snapshot;
  private volatile Instant lastForcedReload = Instant.EPOCH;

  /** The key new tokens are signed with. */
  public record Signing(String kid, SigningAlgorithm algorithm, JWSSigner signer) {}

  /** A new key: published at once, signing from {@code activatesAt}. */
  public record Rotation(String kid, Instant activatesAt) {}

  private record Scheduled(Instant activatesAt, Signing signing) {}

  /** {@code signers}: the key signing at load time, then the ones waiting to activate, in order. */
  private record Snapshot(
      Instant loadedAt, List<Scheduled> signers, Map<String, VerificationKey> keys, List<Map<String, Object>> jwks) {}

  /**
   * @param keyEncryptionKey 32 bytes (see {@link #parseKeyEncryptionKey}), or null to store private
   *     keys unencrypted; the server reads it from {@code PORTCULLIS_KEY_ENCRYPTION_KEY}
   */
  public SigningKeys(SigningKeyStore store, TokenPolicy policy, Clock clock, byte[] keyEncryptionKey) {
    if (keyEncryptionKey != null && keyEncryptionKey.length != 32) {
      throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
    }
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.keyEncryptionKey = keyEncryptionKey == null ? null : keyEncryptionKey.clone();
  }

  /** Base64 or base64url of 32 bytes; the message never echoes the value. */
  public static byte[] parseKeyEncryptionKey(String encoded) {
    try {
      String s = encoded.trim();
      byte[] key = s.contains("+") || s.contains("/") ? Base64.getDecoder().decode(s)
          : Base64.getUrlDecoder().decode(s.replace("=", ""));
      if (key.length == 32) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the generic message
    }
    throw new IllegalArgumentException("PORTCULLIS_KEY_ENCRYPTION_KEY must be 32 bytes in base64");
  }

  /** The key that signs now: the last of the loaded schedule to have activated. */
  public Signing active() {
    Instant now = clock.instant();
    List<Scheduled> signers = current().signers();
    Signing chosen = signers.get(0).signing();
    for (Scheduled k : signers) {
      if (!k.activatesAt().isAfter(now)) {
        chosen = k.signing();
      }
    }
    return chosen;
  }

  /** The published key named {@code kid}, if any. */
  public Optional<VerificationKey> verificationKey(String kid) {
    if (kid == null) {
      return Optional.empty();
    }
    VerificationKey key = current().keys().get(kid);
    Instant now = clock.instant();
    if (key == null && now.isAfter(lastForcedReload.plus(UNKNOWN_KID_RELOAD))) {
      lastForcedReload = now;
      key = reload().keys().get(kid);
    }
    return Optional.ofNullable(key);
  }

  /** The published public keys, each a JWK (RFC 7517) JSON object with kid, alg and use. */
  public List<Map<String, Object>> publicJwks() {
    return current().jwks();
  }

  /** What an administrator sees of a key: never its private part. */
  public record KeyInfo(String kid, String algorithm, String state, Instant createdAt, Instant activatesAt,
      Instant retiresAt, Instant publishedUntil) {
    public static final String SIGNING = "signing";
    public static final String SCHEDULED = "scheduled";
    public static final String VERIFYING = "verifying";
  }

  /**
   * Every published key, the latest to sign first, read from the store now: {@code signing} (the one that signs
   * now), {@code scheduled} (published, signs from {@code activatesAt}) or {@code verifying} (retired
   * from signing, published until its last token has expired).
   */
  public List<KeyInfo> inventory() {
    Instant now = clock.instant();
    String signing = active().kid();
    return store.list().stream()
        .sorted(java.util.Comparator.comparing(SigningKey::activatesAt).thenComparing(SigningKey::createdAt)
            .thenComparing(SigningKey::kid).reversed())
        .map(k -> new KeyInfo(k.kid(), k.algorithm(),
            k.kid().equals(signing) ? KeyInfo.SIGNING
                : k.activatesAt().isAfter(now) ? KeyInfo.SCHEDULED : KeyInfo.VERIFYING,
            k.createdAt(), k.activatesAt(), k.retiredAt(), k.publishUntil()))
        .toList();
  }

  /**
   * A routine rotation: the new key is published now and signs from {@link
   * TokenPolicy#keyPrePublication()} on, when the keys before it retire (and stay published until
   * their last token has expired). Resource servers that honour the JWKS max-age never meet a token
   * signed by a key they do not know.
   */
  public synchronized Rotation rotate() {
    Instant now = clock.instant();
    SigningKey fresh = generate(now, now.plus(policy.keyPrePublication()));
    store.insert(fresh);
    retire(KeySchedule.superseded(store.list(), fresh.activatesAt()));
    LOG.info("signing key rotated: {} is published and signs from {}", fresh.kid(), fresh.activatesAt());
    reload();
    return new Rotation(fresh.kid(), fresh.activatesAt());
  }

  /**
   * An emergency rotation, for a compromised key: the new key signs at once and every other key is
   * withdrawn from the JWKS, so every token signed before is refused (here at once, on other
   * instances from their next re-read, at most {@link TokenPolicy#keyRefresh()} later). Resource
   * servers refuse new tokens until they re-fetch the JWKS: the price of cutting the old key off.
   */
  public synchronized Rotation rotateImmediately() {
    Instant now = clock.instant();
    SigningKey fresh = generate(now, now);
    store.insert(fresh);
    for (SigningKey k : store.list()) {
      if (!k.kid().equals(fresh.kid())) {
        store.withdraw(k.kid(), now);
      }
    }
    LOG.warn("emergency key rotation: {} signs from now; every other key is withdrawn", fresh.kid());
    reload();
    return new Rotation(fresh.kid(), now);
  }

  /** Reads the store now, generating the first key if there is none. Called at start. */
  public synchronized void load() {
    reload();
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s == null || !clock.instant().isBefore(s.loadedAt().plus(policy.keyRefresh()))) {
      return refreshIfStale();
    }
    return s;
  }

  private synchronized Snapshot refreshIfStale() {
    Snapshot s = snapshot;
    if (s != null && clock.instant().isBefore(s.loadedAt().plus(policy.keyRefresh()))) {
      return s;
    }
    try {
      return reload();
    } catch (StoreUnavailableException e) {
      if (s == null) {
        throw e;
      }
      // keys change rarely: serving with the last known set beats failing every request
      LOG.warn("could not re-read signing keys; keeping the loaded set: {}", e.logDetail());
      return s;
    }
  }

  private synchronized Snapshot reload() {
    Instant now = clock.instant();
    List<SigningKey> keys = store.list();
    if (KeySchedule.signerAt(keys, now).isEmpty()) {
      SigningKey first = generate(now);
      store.insert(first);
      LOG.info("generated signing key {} ({})", first.kid(), first.algorithm());
      keys = store.list();
    }
    // two instances starting (or rotating) together may both add a key: all agree on the order, and
    // whatever that order has superseded retires
    retire(KeySchedule.superseded(keys, now));
    Map<String, VerificationKey> verifiers = new LinkedHashMap<>();
    List<Map<String, Object>> jwks = new ArrayList<>();
    for (SigningKey k : keys) {
      try {
        JWK pub = JWK.parse(k.publicJwk());
        verifiers.put(k.kid(), VerificationKey.of(pub, SigningAlgorithm.of(k.algorithm())));
        jwks.add(pub.toPublicJWK().toJSONObject());
      } catch (ParseException | IllegalArgumentException e) {
        LOG.error("signing key {} in the store is unreadable; skipping it", k.kid());
      }
    }
    List<Scheduled> signers = KeySchedule.signersFrom(keys, now).stream()
        .map(k -> new Scheduled(k.activatesAt(), signing(k))).toList();
    Snapshot s = new Snapshot(now, signers, Map.copyOf(verifiers), List.copyOf(jwks));
    snapshot = s;
    return s;
  }

  private void retire(List<KeySchedule.Retirement> retirements) {
    for (KeySchedule.Retirement r : retirements) {
      store.retire(r.kid(), r.at(), r.at().plus(policy.retiredKeyPublication()));
    }
  }

  private Signing signing(SigningKey key) {
    SigningAlgorithm alg = SigningAlgorithm.of(key.algorithm());
    try {
      return new Signing(key.kid(), alg, alg.signer(JWK.parse(unseal(keyEncryptionKey, key.kid(), key.privateKey()))));
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("private half of signing key " + key.kid() + " is unusable");
    }
  }

  /** Package-private so tests can stage two instances racing on first start. */
  SigningKey generate(Instant now) {
    return generate(now, now);
  }

  private SigningKey generate(Instant now, Instant activatesAt) {
    SigningAlgorithm alg = policy.algorithm();
    String kid = Tokens.random(12);
    JWK jwk = alg.generate(kid);
    String json = jwk.toJSONString();
    String sealed = keyEncryptionKey == null ? PLAIN + json
        : SEALED + AesGcm.seal(keyEncryptionKey, json, aad(kid));
    return new SigningKey(kid, alg.jws().getName(), jwk.toPublicJWK().toJSONString(), sealed, now, activatesAt,
        null, null);
  }

  private static String unseal(byte[] keyEncryptionKey, String kid, String stored) {
    if (stored.startsWith(PLAIN)) {
      if (keyEncryptionKey != null) {
        LOG.warn("signing key {} is stored unencrypted; run `portcullis migrate` to encrypt it", kid);
      }
      return stored.substring(PLAIN.length());
    }
    if (!stored.startsWith(SEALED) || keyEncryptionKey == null) {
      throw new IllegalStateException("signing key " + kid
          + " is encrypted; set PORTCULLIS_KEY_ENCRYPTION_KEY to the key it was sealed with");
    }
    try {
      return AesGcm.open(keyEncryptionKey, stored.substring(SEALED.length()), aad(kid));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing key " + kid
          + " does not decrypt: PORTCULLIS_KEY_ENCRYPTION_KEY differs from the one it was sealed with");
    }
  }

  /** True if a stored private key ({@link SigningKey#privateKey()}) is in clear, not sealed. */
  public static boolean isStoredInClear(String privateKey) {
    return privateKey.startsWith(PLAIN);
  }

  /**
   * For {@code portcullis migrate}: the stored private key of {@code kid} sealed under {@code kek}.
   * One stored in clear is sealed now; a sealed one is returned unchanged once it is seen to open
   * under {@code kek} (an {@link IllegalStateException} otherwise, so that keys never end up sealed
   * under two different KEKs).
   */
  public static String sealedUnder(byte[] kek, String kid, String privateKey) {
    if (isStoredInClear(privateKey)) {
      return SEALED + AesGcm.seal(kek, privateKey.substring(PLAIN.length()), aad(kid));
    }
    unseal(kek, kid, privateKey);
    return privateKey;
  }

  private static String aad(String kid) {
    return "portcullis signing key " + kid;
  }
}
