package dev.portcullis.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce, and HKDF-SHA256 (RFC 5869) to derive keys. The
 * associated data binds a ciphertext to its row (a key id, a family id, a secret's name) so that
 * ciphertexts cannot be swapped between rows.
 */
public final class AesGcm {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;

  private AesGcm() {}

  /** base64url(nonce || ciphertext || tag). */
  public static String seal(byte[] key, String plaintext, String aad) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Throws {@link GeneralSecurityException} if the key, the data or the aad is wrong. */
  public static String open(byte[] key, String sealed, String aad) throws GeneralSecurityException {
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not base64url");
    }
    if (in.length < NONCE + 16) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher c = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(in, NONCE), aad);
    return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
  }

  /** HKDF-SHA256 with an all-zero salt, 32 bytes of output: one AES-256 key. */
  public static byte[] hkdf(byte[] ikm, String info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, String aad)
      throws GeneralSecurityException {
    if (key.length != 32) {
      throw new GeneralSecurityException("AES-256 needs a 32-byte key");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
