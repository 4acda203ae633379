package dev.portcullis.apikey;

import dev.portcullis.apikey.InvalidApiKeyException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The wire form of an API key: {@code pcl_ak_<id>_<secret><checksum>}, e.g. {@code
 * pcl_ak_3hT9xK2mQ7vB1nZc_<32 characters><6 characters>}.
 *
 * <ul>
 *   <li>{@code pcl_} is fixed, so secret scanners can match leaked keys; {@code ak} is the kind (API
 *       key; client secrets are {@code pcl_cs_}), so a scanner and the parser tell credentials apart.
 *   <li>{@code ak_<16 base62>} is the key's public id (95 random bits): it names the key in lists
 *       and URLs and is how the key is looked up. With it the key reads {@code pcl_<id>_<secret>}.
 *   <li>32 base62 characters of secret: 190 bits from {@link SecureRandom}, stored only as SHA-256.
 *   <li>6 base62 characters of CRC32 over everything before them, so a typo or a made-up string is
 *       refused by {@link #parse} without any store lookup. CRC32 catches every error burst of up to
 *       32 bits, hence every single-character change and every swap of two neighbours.
 * </ul>
 *
 * Every part has a fixed length and alphabet, so the whole key matches {@code
 * pcl_ak_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}} and needs no quoting in headers, URLs or shells.
 */
public final class ApiKeyFormat {
  public static final String PREFIX = "pcl_ak_";
  public static final String ID_PREFIX = "ak_";
  static final int ID_CHARS = 16;
  static final int SECRET_CHARS = 32;
  static final int CHECKSUM_CHARS = 6;
  /** {@code pcl_} + id + {@code _} + secret + checksum. */
  public static final int LENGTH = PREFIX.length() + ID_CHARS + 1 + SECRET_CHARS + CHECKSUM_CHARS;
  /** Characters of the key kept after the prefix in a display hint. */
  static final int HINT_TAIL = 4;

  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ID_END = PREFIX.length() + ID_CHARS;
  private static final int BODY_END = LENGTH - CHECKSUM_CHARS;

  /** A well-formed key split into its id and secret; {@code toString} keeps the secret out of logs. */
  public record Parts(String id, String secret) {
    @Override
    public String toString() {
      return "Parts[id=" + id + "]";
    }
  }

  private ApiKeyFormat() {}

  /** A fresh public id, {@code ak_} + 16 base62 characters. */
  public static String newId() {
    return ID_PREFIX + random(ID_CHARS);
  }

  /** A fresh secret of 32 base62 characters (about 190 bits). */
  public static String newSecret() {
    return random(SECRET_CHARS);
  }

  /** The full key for {@code id} and {@code secret}, checksum appended. */
  public static String format(String id, String secret) {
    if (!isId(id) || secret.length() != SECRET_CHARS || !isBase62(secret, 0, SECRET_CHARS)) {
      throw new IllegalArgumentException("not an API key id and secret");
    }
    String body = "pcl_" + id + "_" + secret;
    return body + checksum(body);
  }

  /**
   * Splits a presented key. Throws {@link InvalidApiKeyException} ({@code MALFORMED} or {@code
   * WRONG_CHECKSUM}) and nothing else, whatever the input; the length is checked first, so a huge
   * input costs nothing.
   */
  public static Parts parse(String presented) {
    if (presented == null || presented.length() != LENGTH || !presented.startsWith(PREFIX)
        || presented.charAt(ID_END) != '_' || !isBase62(presented, PREFIX.length(), ID_END)
        || !isBase62(presented, ID_END + 1, LENGTH)) {
      throw new InvalidApiKeyException(Reason.MALFORMED, null, "not a Portcullis API key");
    }
    String id = ID_PREFIX + presented.substring(PREFIX.length(), ID_END);
    if (!checksum(presented.substring(0, BODY_END)).equals(presented.substring(BODY_END))) {
      throw new InvalidApiKeyException(Reason.WRONG_CHECKSUM, id, "API key " + id + " with a wrong checksum");
    }
    return new Parts(id, presented.substring(ID_END + 1, BODY_END));
  }

  /** True if {@code value} claims to be an API key (the fixed prefix), whether or not it is valid. */
  public static boolean looksLikeApiKey(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** True if {@code value} has the shape of a public key id, {@code ak_} + 16 base62 characters. */
  public static boolean isId(String value) {
    return value != null && value.length() == ID_PREFIX.length() + ID_CHARS && value.startsWith(ID_PREFIX)
        && isBase62(value, ID_PREFIX.length(), value.length());
  }

  /** What a list shows of a key: everything up to the secret, then its last four characters. */
  public static String hint(String key) {
    return key.substring(0, ID_END + 1) + "..." + key.substring(key.length() - HINT_TAIL);
  }

  /** CRC32 of the ASCII {@code body} as six base62 digits, most significant first (62^6 > 2^32). */
  static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[CHECKSUM_CHARS];
    for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }

  private static boolean isBase62(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }

  // nextInt(62) is unbiased (rejection sampling inside SecureRandom), so every character carries log2(62) bits
  private static String random(int chars) {
    StringBuilder sb = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      sb.append(BASE62.charAt(RANDOM.nextInt(62)));
    }
    return sb.toString();
  }
}
