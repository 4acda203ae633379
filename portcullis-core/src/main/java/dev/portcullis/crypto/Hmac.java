package dev.portcullis.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under a server-side key, for values derived rather than stored (CSRF tokens). */
public final class Hmac {
  private final SecretKeySpec key;

  public Hmac(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("HMAC key must be at least 256 bits");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public static Hmac fromBase64(String key) {
    return new Hmac(Base64.getUrlDecoder().decode(key));
  }

  public String sign(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Tokens.encoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
