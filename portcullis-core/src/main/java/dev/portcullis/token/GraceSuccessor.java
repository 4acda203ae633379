package dev.portcullis.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portcullis.crypto.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The successor pair kept for the grace window, sealed with AES-256-GCM under a key derived by HKDF
 * from the old refresh token: the store holds only ciphertext, and only whoever presents that old
 * token again can open it. The family id is the associated data, so it cannot be moved elsewhere.
 */
final class GraceSuccessor {
  private static final String INFO = "portcullis refresh grace v1";

  private GraceSuccessor() {}

  static String seal(String oldToken, String familyId, TokenResponse pair, Instant accessExpiry) {
    String json = JSONObjectUtils.toJSONString(Map.of("at", pair.accessToken(), "rt", pair.refreshToken(),
        "exp", accessExpiry.getEpochSecond(), "scope", pair.scope()));
    return AesGcm.seal(key(oldToken), json, familyId);
  }

  /** The same pair, with {@code expires_in} counted from {@code now}; empty if it does not open. */
  static Optional<TokenResponse> open(String oldToken, String familyId, String sealed, Instant now) {
    try {
      Map<String, Object> m = JSONObjectUtils.parse(AesGcm.open(key(oldToken), sealed, familyId));
      long left = JSONObjectUtils.getLong(m, "exp") - now.getEpochSecond();
      return Optional.of(TokenResponse.bearer(JSONObjectUtils.getString(m, "at"), Math.max(0, left),
          JSONObjectUtils.getString(m, "rt"), JSONObjectUtils.getString(m, "scope")));
    } catch (GeneralSecurityException | ParseException e) {
      return Optional.empty();
    }
  }

  private static byte[] key(String oldToken) {
    return AesGcm.hkdf(oldToken.getBytes(StandardCharsets.UTF_8), INFO);
  }
}
