package dev.portcullis.account;

/** {@link PasswordHasherTest} on the pure-Java fallback (Bouncy Castle). */
class PasswordHasherJavaEngineTest extends PasswordHasherTest {
  @Override
  Argon2idEngine engine() {
    return Argon2idEngines.java();
  }
}
