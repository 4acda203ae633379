package dev.portcullis.account;

/**
 * One Argon2id computation (RFC 9106, version 0x13) over raw bytes. Two implementations give the
 * same bytes for the same input, so a hash made by one verifies with the other: {@link
 * Argon2idEngines#preferred()} picks native libargon2 when it loads and passes a self-test
 * against Bouncy Castle, and Bouncy Castle (pure Java) otherwise.
 */
public interface Argon2idEngine {
  byte[] derive(byte[] password, byte[] salt, PasswordHasher.Params params, int length);

  /** What runs, for the start-up log and the metrics: {@code native} or {@code java}. */
  String name();
}
