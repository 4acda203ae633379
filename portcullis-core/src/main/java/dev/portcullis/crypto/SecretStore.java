package dev.portcullis.crypto;

/**
 * Server-wide secrets shared by every instance (the CSRF HMAC key, later key-encryption material).
 * Values are generated once and never change; the first writer wins.
 */
public interface SecretStore {
  /**
   * Returns the secret stored under {@code name}, storing {@code candidate} first if there is none.
   * Two instances racing on first start both get the same winner.
   */
  String getOrCreate(String name, String candidate);
}
