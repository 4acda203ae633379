package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Argon2idEnginesTest {
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void nativeEngineLoadsAndPassesItsSelfTestOnThisPlatform() {
    assertThat(Argon2idEngines.nativeEngine().name()).isEqualTo("native");
    assertThat(Argon2idEngines.preferred().name()).isEqualTo("native");
  }

  @Test
  void hashesFromEitherEngineVerifyWithTheOther() {
    PasswordHasher nativeHasher = new PasswordHasher(PasswordHasher.DEFAULT, Argon2idEngines.nativeEngine());
    PasswordHasher javaHasher = new PasswordHasher(PasswordHasher.DEFAULT, Argon2idEngines.java());
    String byNative = nativeHasher.hash(PASSWORD);
    String byJava = javaHasher.hash(PASSWORD);
    assertThat(javaHasher.verify(PASSWORD, byNative)).isTrue();
    assertThat(nativeHasher.verify(PASSWORD, byJava)).isTrue();
    assertThat(javaHasher.verify(PASSWORD + "!", byNative)).isFalse();
    assertThat(nativeHasher.verify(PASSWORD + "!", byJava)).isFalse();
  }

  @Test
  void bothEnginesGiveTheSameBytesAcrossParameters() {
    byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);
    byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    for (PasswordHasher.Params p : new PasswordHasher.Params[] {
        new PasswordHasher.Params(8, 1, 1), new PasswordHasher.Params(4096, 3, 2), new PasswordHasher.Params(1024, 1, 4)}) {
      for (int length : new int[] {16, 32, 64}) {
        assertThat(Argon2idEngines.nativeEngine().derive(password, salt, p, length))
            .as("%s, %d bytes", p, length)
            .isEqualTo(Argon2idEngines.java().derive(password, salt, p, length));
      }
    }
  }

  @Test
  void autoFallsBackToJavaWhenTheNativeLibraryCannotLoad() {
    Argon2idEngine engine = Argon2idEngines.choose("auto", () -> {
      throw new UnsatisfiedLinkError("Unable to load library 'argon2'");
    });
    assertThat(engine.name()).isEqualTo("java");
    assertThat(new PasswordHasher(PasswordHasher.DEFAULT, engine).verify(PASSWORD,
        new PasswordHasher(PasswordHasher.DEFAULT, Argon2idEngines.nativeEngine()).hash(PASSWORD))).isTrue();
  }

  @Test
  void autoFallsBackToJavaWhenTheNativeEngineDisagreesWithBouncyCastle() {
    Argon2idEngine wrong = new Argon2idEngine() {
      @Override
      public byte[] derive(byte[] password, byte[] salt, PasswordHasher.Params params, int length) {
        return new byte[length];
      }

      @Override
      public String name() {
        return "native";
      }
    };
    assertThatThrownBy(() -> Argon2idEngines.selfTested(wrong)).hasMessageContaining("disagrees");
    assertThat(Argon2idEngines.choose("auto", () -> Argon2idEngines.selfTested(wrong)).name()).isEqualTo("java");
  }

  @Test
  void forcedModesAreHonoured() {
    assertThat(Argon2idEngines.choose("java", () -> {
      throw new AssertionError("native must not even be tried");
    }).name()).isEqualTo("java");
    assertThatThrownBy(() -> Argon2idEngines.choose("native", () -> {
      throw new IllegalStateException("native Argon2id could not load");
    })).hasMessageContaining("could not load");
    assertThatThrownBy(() -> Argon2idEngines.choose("fast", Argon2idEngines::nativeEngine))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, native or java");
  }
}
