package dev.portcullis.account;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;

/**
 * Argon2id in native libargon2 (the reference C implementation) through argon2-jvm and JNA. Only
 * {@link Argon2idEngines} creates it, after checking that argon2-jvm is on the class path; the
 * native library loads on the first call, so a platform without it fails there, in the self-test.
 * The C code hashes with its own memory outside the Java heap: no 19 MiB of small Java blocks per
 * hash for the collector.
 */
final class NativeArgon2id implements Argon2idEngine {
  private final Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);

  @Override
  public byte[] derive(byte[] password, byte[] salt, PasswordHasher.Params params, int length) {
    // argon2id_hash_raw: version 0x13 (the self-test checks it against Bouncy Castle's)
    return argon2.pbkdf(params.iterations(), params.memoryKib(), params.parallelism(), password, salt, length);
  }

  @Override
  public String name() {
    return "native";
  }
}
