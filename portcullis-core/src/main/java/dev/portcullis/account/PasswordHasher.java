package dev.portcullis.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Optional;

/**
 * Argon2id in PHC string form: {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. Verification reads
 * the parameters from the stored string, so changing the configured parameters only affects new
 * hashes; {@link #needsRehash} tells the caller when to re-hash after a successful login. The
 * Argon2id itself runs in an {@link Argon2idEngine}: native libargon2 when it loads, Bouncy Castle
 * otherwise; both give the same bytes, so hashes move freely between machines that use either.
 */
public final class PasswordHasher {
  /** OWASP's first recommended Argon2id setting. */
  public static final Params DEFAULT = new Params(19_456, 2, 1);

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Params params;
  private final Argon2idEngine engine;
  private final SecureRandom random = new SecureRandom();

  public record Params(int memoryKib, int iterations, int parallelism) {
    public Params {
      if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("invalid Argon2id parameters");
      }
    }
  }

  /** With the {@linkplain Argon2idEngines#preferred() preferred engine} of this JVM. */
  public PasswordHasher(Params params) {
    this(params, Argon2idEngines.preferred());
  }

  public PasswordHasher(Params params, Argon2idEngine engine) {
    this.params = params;
    this.engine = engine;
  }

  public Argon2idEngine engine() {
    return engine;
  }

  public Params params() {
    return params;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, params, HASH_BYTES);
    return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p="
        + params.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** Constant-time check of a password against a PHC string; false for any malformed string. */
  public boolean verify(String password, String phc) {
    Optional<Parsed> parsed = parse(phc);
    if (parsed.isEmpty()) {
      return false;
    }
    Parsed p = parsed.get();
    byte[] candidate = derive(password, p.salt, p.params, p.hash.length);
    return MessageDigest.isEqual(candidate, p.hash);
  }

  /** True when the stored hash was made with other parameters than the configured ones. */
  public boolean needsRehash(String phc) {
    return parse(phc).map(p -> !p.params.equals(params)).orElse(true);
  }

  private byte[] derive(String password, byte[] salt, Params params, int length) {
    // NFKC (NIST SP 800-63B 5.1.1.2): the same password typed on two keyboards hashes the same
    byte[] bytes = Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    try {
      return engine.derive(bytes, salt, params, length);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private record Parsed(Params params, byte[] salt, byte[] hash) {}

  private static Optional<Parsed> parse(String phc) {
    if (phc == null) {
      return Optional.empty();
    }
    String[] parts = phc.split("\\$", -1);
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return Optional.empty();
    }
    try {
      int m = -1;
      int t = -1;
      int p = -1;
      for (String kv : parts[3].split(",")) {
        String[] pair = kv.split("=", 2);
        int value = Integer.parseInt(pair[1]);
        switch (pair[0]) {
          case "m" -> m = value;
          case "t" -> t = value;
          case "p" -> p = value;
          default -> {
            return Optional.empty();
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] hash = B64D.decode(parts[5]);
      if (salt.length < 8 || hash.length < 16 || m > 4 * 1024 * 1024) {
        return Optional.empty();
      }
      return Optional.of(new Parsed(new Params(m, t, p), salt, hash));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
