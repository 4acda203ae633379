package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs on native libargon2; {@link PasswordHasherJavaEngineTest} runs the same on Bouncy Castle. */
class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT, engine());

  Argon2idEngine engine() {
    return Argon2idEngines.nativeEngine(); // argon2-jvm bundles libargon2 for this platform
  }

  @Test
  void hashIsAnArgon2idPhcStringWithTheConfiguredParameters() {
    String phc = hasher.hash("correct horse battery staple");
    assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.verify("correct horse battery staple", phc)).isTrue();
    assertThat(hasher.verify("correct horse battery stapl", phc)).isFalse();
  }

  @Test
  void sameSaltNeverRepeats() {
    assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
  }

  @Test
  void verifiesHashesMadeByTheReferenceArgon2Tool() {
    // printed by Debian's argon2 (the reference implementation):
    //   echo -n "correct horse battery staple" | argon2 saltsaltsaltsalt -id -t 2 -k 19456 -p 1 -l 32 -e
    String reference = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM";
    assertThat(hasher.verify("correct horse battery staple", reference)).isTrue();
    assertThat(hasher.verify("Correct horse battery staple", reference)).isFalse();
    //   echo -n "password" | argon2 somesaltsomesalt -id -t 3 -k 4096 -p 2 -l 32 -e
    String other = "$argon2id$v=19$m=4096,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$GIDb0bjZv/zL6K6d9YzKPOpfCjQnH6oS30MB6t9rDtk";
    assertThat(hasher.verify("password", other)).isTrue();
  }

  @Test
  void passwordsAreNfkcNormalisedBeforeHashing() {
    // "ﬁ" (U+FB01) is "fi" under NFKC; a composed and a decomposed "é" are the same password
    String phc = hasher.hash("caf\u00e9 \uFB01sh pass");
    assertThat(hasher.verify("cafe\u0301 fish pass", phc)).isTrue();
  }

  @Test
  void needsRehashWhenTheParametersDiffer() {
    String old = new PasswordHasher(new PasswordHasher.Params(4096, 3, 2), engine()).hash("pw-pw-pw-pw");
    assertThat(hasher.needsRehash(old)).isTrue();
    assertThat(hasher.needsRehash(hasher.hash("pw-pw-pw-pw"))).isFalse();
  }

  @Test
  void malformedHashesNeverVerify() {
    for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$abc",
        "$argon2id$v=19$m=x,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=19456,t=2,p=1$$", "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"}) {
      assertThat(hasher.verify("password", bad)).as(String.valueOf(bad)).isFalse();
      assertThat(hasher.needsRehash(bad)).isTrue();
    }
  }
}
