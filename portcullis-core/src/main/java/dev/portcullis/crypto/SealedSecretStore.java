package dev.portcullis.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps server secrets (the CSRF key) sealed at rest under the key-encryption key (KEK): the store
 * beneath holds {@code enc:v1:<kek id>:<AES-256-GCM ciphertext>}, with the secret's name as the
 * associated data so that a ciphertext copied to another row does not open. A copy of the database
 * without the KEK yields no secret. Without a KEK the secrets are stored in clear, as before.
 *
 * <p>The first writer still wins: every instance offers its own sealed candidate, and all of them
 * open the winner's ciphertext to the same secret.
 */
public final class SealedSecretStore implements SecretStore {
  private static final Logger LOG = LoggerFactory.getLogger(SealedSecretStore.class);
  private static final String PREFIX = "enc:v1:";

  private final SecretStore inner;
  private final byte[] kek;

  /** @param kek the 32-byte key-encryption key, or null to store secrets in clear */
  public SealedSecretStore(SecretStore inner, byte[] kek) {
    if (kek != null && kek.length != 32) {
      throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
    }
    this.inner = Objects.requireNonNull(inner, "inner");
    this.kek = kek == null ? null : kek.clone();
  }

  @Override
  public String getOrCreate(String name, String candidate) {
    Objects.requireNonNull(candidate, "candidate");
    String stored = inner.getOrCreate(name, kek == null ? candidate : seal(kek, name, candidate));
    if (isSealed(stored)) {
      if (kek == null) {
        throw new IllegalStateException("server secret " + name
            + " is encrypted; set PORTCULLIS_KEY_ENCRYPTION_KEY to the key it was sealed with");
      }
      return open(kek, name, stored);
    }
    if (kek != null) {
      // written before a KEK was configured; readable, but a database copy still reveals it
      LOG.warn("server secret {} is stored in clear; run `portcullis migrate` to encrypt it", name);
    }
    return stored;
  }

  /** True if {@code stored} is a sealed value rather than a secret kept in clear. */
  public static boolean isSealed(String stored) {
    return stored.startsWith(PREFIX);
  }

  /** The stored form of the secret {@code name} under {@code kek}. */
  public static String seal(byte[] kek, String name, String secret) {
    return PREFIX + keyId(kek) + ":" + AesGcm.seal(kek, secret, aad(name));
  }

  /**
   * The secret inside a sealed value; an {@link IllegalStateException} that says why (another KEK,
   * an altered or moved row) if it does not open. Messages never quote the value.
   */
  public static String open(byte[] kek, String name, String stored) {
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    String sealedUnder = colon < 0 ? "?" : rest.substring(0, colon);
    if (!sealedUnder.equals(keyId(kek))) {
      throw new IllegalStateException("server secret " + name + " was encrypted under key-encryption key "
          + sealedUnder + ", but PORTCULLIS_KEY_ENCRYPTION_KEY is key " + keyId(kek));
    }
    try {
      return AesGcm.open(kek, rest.substring(colon + 1), aad(name));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("server secret " + name
          + " does not decrypt under PORTCULLIS_KEY_ENCRYPTION_KEY: it was altered or moved from another row");
    }
  }

  /**
   * A short public name of a KEK, derived one-way (HKDF): it tells which key sealed a value, and
   * operators can compare it across instances without revealing the key.
   */
  public static String keyId(byte[] kek) {
    return Tokens.encoder().encodeToString(AesGcm.hkdf(kek, "portcullis key-encryption key id")).substring(0, 8);
  }

  private static String aad(String name) {
    return "portcullis server secret " + PREFIX + name;
  }
}
