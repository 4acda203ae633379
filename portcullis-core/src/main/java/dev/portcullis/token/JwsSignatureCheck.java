package dev.portcullis.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.error.AuthenticationException;
import java.text.ParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JWS half of token verification, shared by every path that accepts a JWT: size limit, parse,
 * algorithm allow-list, key chosen by {@code kid} alone, signature. Keys are never taken from the
 * token ({@code jku}, {@code x5u} and {@code jwk} headers are ignored), and the algorithm must be
 * the one the key is bound to. Claims are the caller's business.
 */
public final class JwsSignatureCheck {
  private JwsSignatureCheck() {}

  /**
   * Returns the parsed, signature-checked JWS, or throws {@code invalid_token}.
   *
   * @param keys resolves the header (in practice its {@code kid}) to a published key
   */
  public static SignedJWT verify(
      String compact, int maxBytes, Function<JWSHeader, Optional<VerificationKey>> keys) {
    if (compact == null || compact.isEmpty()) {
      throw AuthenticationException.invalidToken("empty token");
    }
    if (compact.length() > maxBytes) {
      throw AuthenticationException.invalidToken(
          "token of " + compact.length() + " characters exceeds the " + maxBytes + " limit");
    }
    SignedJWT jwt;
    try {
      // rejects JWE, unsecured ("alg":"none") and anything not three base64url parts
      jwt = SignedJWT.parse(compact);
    } catch (ParseException e) {
      throw AuthenticationException.invalidToken("not a well-formed JWS");
    }
    JWSHeader header = jwt.getHeader();
    SigningAlgorithm alg = SigningAlgorithm.fromHeader(header.getAlgorithm())
        .orElseThrow(() -> AuthenticationException.invalidToken(
            "algorithm " + clip(String.valueOf(header.getAlgorithm())) + " is not allowed (only "
            + SigningAlgorithm.allowedNames() + ")"));
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw AuthenticationException.invalidToken("critical header parameters are not supported");
    }
    VerificationKey key = keys.apply(header).orElseThrow(
        () -> AuthenticationException.invalidToken("unknown kid " + clip(header.getKeyID())));
    if (key.algorithm() != alg) {
      throw AuthenticationException.invalidToken(
          "algorithm " + alg.jws() + " does not match key " + clip(header.getKeyID()));
    }
    boolean valid;
    try {
      valid = jwt.verify(key.verifier());
    } catch (JOSEException | IllegalStateException e) {
      valid = false;
    }
    if (!valid) {
      throw AuthenticationException.invalidToken("bad signature for key " + clip(header.getKeyID()));
    }
    return jwt;
  }

  /** Header values are attacker-chosen: keep log lines short. */
  static String clip(String s) {
    return s == null ? "(none)" : s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
