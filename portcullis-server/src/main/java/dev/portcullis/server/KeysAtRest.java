package dev.portcullis.server;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.token.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key rule for operators. The private signing keys and the CSRF key are encrypted at rest under
 * {@code PORTCULLIS_KEY_ENCRYPTION_KEY}; without it, whoever holds a copy or backup of the database
 * can mint admin tokens. So a server on PostgreSQL (a database that is shared and backed up) refuses
 * to start without that key unless the operator opts out by name, and the embedded store warns.
 */
final class KeysAtRest {
  private static final Logger LOG = LoggerFactory.getLogger(KeysAtRest.class);
  private static final String HOW_TO_FIX = "set PORTCULLIS_KEY_ENCRYPTION_KEY to 32 random bytes in base64"
      + " (generate one with: openssl rand -base64 32)";
  private static final String SHARED = HOW_TO_FIX + ", the same value on every instance";

  private KeysAtRest() {}

  /**
   * The key-encryption key's 32 bytes, or null where the server may run without one. Called before
   * any store is opened, so that a refusal leaves nothing behind.
   *
   * @throws IllegalStateException a one-line refusal: PostgreSQL without a key and without the opt-out
   */
  static byte[] keyEncryptionKey(ServerConfig config) {
    if (config.keyEncryptionKey().isPresent()) {
      byte[] kek = SigningKeys.parseKeyEncryptionKey(config.keyEncryptionKey().get());
      // the id is derived one-way: operators compare it across instances, the key stays secret
      LOG.info("private keys are encrypted at rest under key-encryption key {}", SealedSecretStore.keyId(kek));
      return kek;
    }
    if (config.postgresUrl().isEmpty()) {
      LOG.warn("Private signing keys and the CSRF key are stored in clear in {}: anyone with a copy of it can mint"
          + " tokens. To encrypt them, {}, then run `portcullis migrate`.", config.dataDir(), HOW_TO_FIX);
      return null;
    }
    if (!config.insecurePlaintextKeys()) {
      throw new IllegalStateException("refusing to store private keys in clear in PostgreSQL: " + SHARED
          + ", or pass --insecure-plaintext-keys to accept that a copy of the database can mint tokens");
    }
    LOG.warn("INSECURE (--insecure-plaintext-keys): private signing keys and the CSRF key are stored in clear in"
        + " PostgreSQL; anyone with a copy or backup of the database can mint admin tokens. To fix it, "
        + SHARED + ", then run `portcullis migrate`.");
    return null;
  }
}
