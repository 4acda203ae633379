package dev.portcullis.account;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the Argon2id engine: native libargon2 when argon2-jvm is on the class path, its library
 * loads and its output matches Bouncy Castle's on a self-test; Bouncy Castle otherwise. The choice
 * can be forced with the system property {@code portcullis.argon2} = {@code native} (fail rather
 * than fall back), {@code java} (never try native) or {@code auto} (the default).
 */
public final class Argon2idEngines {
  private static final Logger LOG = LoggerFactory.getLogger(Argon2idEngines.class);
  static final String PROPERTY = "portcullis.argon2";
  // small, so the self-test costs well under a millisecond; p=2 also checks the lanes
  private static final PasswordHasher.Params PROBE = new PasswordHasher.Params(64, 2, 2);
  private static volatile Argon2idEngine preferred;

  private Argon2idEngines() {}

  /** The engine for this JVM, chosen once. */
  public static Argon2idEngine preferred() {
    Argon2idEngine engine = preferred;
    if (engine == null) {
      synchronized (Argon2idEngines.class) {
        engine = preferred;
        if (engine == null) {
          engine = choose(System.getProperty(PROPERTY, "auto"), Argon2idEngines::nativeEngine);
          LOG.info("Argon2id: {} engine", engine.name());
          preferred = engine;
        }
      }
    }
    return engine;
  }

  /** The pure-Java engine. */
  public static Argon2idEngine java() {
    return new BouncyCastleArgon2id();
  }

  /** Native libargon2, self-tested against Bouncy Castle; throws when it is missing or wrong. */
  public static Argon2idEngine nativeEngine() {
    try {
      Class.forName("de.mkammerer.argon2.Argon2Factory", false, Argon2idEngines.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("argon2-jvm is not on the class path", e);
    }
    Argon2idEngine engine;
    try {
      engine = new NativeArgon2id();
    } catch (LinkageError e) {
      throw new IllegalStateException("native Argon2id could not load: " + e, e);
    }
    return selfTested(engine);
  }

  static Argon2idEngine choose(String mode, Supplier<Argon2idEngine> nativeEngine) {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "java":
        return java();
      case "native":
        return nativeEngine.get();
      case "auto":
        try {
          return nativeEngine.get();
        } catch (RuntimeException | LinkageError e) {
          LOG.warn("native Argon2id unavailable, hashing with Bouncy Castle (pure Java): {}", e.toString());
          return java();
        }
      default:
        throw new IllegalArgumentException(PROPERTY + " must be auto, native or java, not " + mode);
    }
  }

  /** The engine, if it gives Bouncy Castle's bytes on a fixed input; an exception otherwise. */
  static Argon2idEngine selfTested(Argon2idEngine engine) {
    byte[] password = "portcullis self-test".getBytes(StandardCharsets.UTF_8);
    byte[] salt = "sixteen byte salt".getBytes(StandardCharsets.UTF_8);
    byte[] got;
    try {
      got = engine.derive(password, salt, PROBE, 32);
    } catch (RuntimeException | LinkageError e) { // UnsatisfiedLinkError from JNA on first use
      throw new IllegalStateException("native Argon2id could not run: " + e, e);
    }
    if (!Arrays.equals(got, java().derive(password, salt, PROBE, 32))) {
      throw new IllegalStateException(engine.name() + " Argon2id disagrees with Bouncy Castle on the self-test");
    }
    return engine;
  }
}
