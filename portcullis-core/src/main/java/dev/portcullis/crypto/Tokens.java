package dev.portcullis.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random opaque secrets and the one-way hashes under which they are stored. */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  /** {@code bytes} bytes from {@link SecureRandom}, base64url without padding. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** A 256-bit secret: session ids, refresh tokens, API-key secrets. */
  public static String secret256() {
    return random(32);
  }

  /** A 128-bit public handle (never a secret; shown to users, used in URLs). */
  public static String handle(String prefix) {
    return prefix + random(16);
  }

  /** SHA-256 of the UTF-8 text, base64url: how secrets are stored. */
  public static String sha256(String value) {
    return B64.encodeToString(sha256Bytes(value.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] sha256Bytes(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Constant-time comparison of two texts; false when either is null. */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static Base64.Encoder encoder() {
    return B64;
  }
}
