package dev.portcullis.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id in PHC string form: {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. Verification reads
 * the parameters from the stored string, so changing the configured parameters only affects new
 * hashes; {@link #needsRehash} tells the caller when to re-hash after a successful login.
 */
public final class PasswordHasher {
  /** OWASP's first recommended Argon2id setting. */
  public static final Params DEFAULT = new Params(19_456, 2, 1);

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Params params;
  private final SecureRandom random = new SecureRandom();

  public record Params(int memoryKib, int iterations, int parallelism) {
    public Params {
      if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
        throw new IllegalArgumentException("invalid Argon2id parameters");
      }
    }
  }

  public PasswordHasher(Params params) {
    this.params = params;
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

  private static byte[] derive(String password, byte[] salt, Params params, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(params.memoryKib())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism())
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    // NFKC (NIST SP 800-63B 5.1.1.2): the same password typed on two keyboards hashes the same
    String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC);
    generator.generateBytes(normalized.getBytes(StandardCharsets.UTF_8), out);
    return out;
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
