package dev.portcullis.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;

/** A public key bound to the one algorithm it may verify, so a token cannot pick another. */
public record VerificationKey(String kid, SigningAlgorithm algorithm, JWSVerifier verifier) {

  /** From a public JWK; its {@code alg} decides the algorithm and must be on the allow-list. */
  public static VerificationKey of(JWK publicKey, SigningAlgorithm algorithm) {
    if (publicKey.isPrivate()) {
      publicKey = publicKey.toPublicJWK();
    }
    try {
      return new VerificationKey(publicKey.getKeyID(), algorithm, algorithm.verifier(publicKey));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("key " + publicKey.getKeyID() + " is unusable for " + algorithm, e);
    }
  }

  /**
   * A key of a published JWKS, by its own {@code alg} (RFC 7517 section 4.4), which must be on the
   * allow-list: a key without one, or with another, is refused rather than guessed at, since an RSA
   * key alone does not say RS256 or PS256.
   *
   * @throws IllegalArgumentException saying why the key cannot verify anything here
   */
  public static VerificationKey ofPublished(JWK key) {
    if (key.getKeyID() == null || key.getKeyID().isEmpty()) {
      throw new IllegalArgumentException("a key without kid cannot be chosen by a token");
    }
    if (key.getAlgorithm() == null) {
      throw new IllegalArgumentException("key " + JwsSignatureCheck.clip(key.getKeyID()) + " has no alg");
    }
    SigningAlgorithm alg;
    try {
      alg = SigningAlgorithm.of(key.getAlgorithm().getName());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key " + JwsSignatureCheck.clip(key.getKeyID()) + " has alg "
          + JwsSignatureCheck.clip(key.getAlgorithm().getName()) + ", not one of " + SigningAlgorithm.allowedNames());
    }
    if (key.getKeyUse() != null && !com.nimbusds.jose.jwk.KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      throw new IllegalArgumentException("key " + JwsSignatureCheck.clip(key.getKeyID()) + " is not for signatures (use "
          + key.getKeyUse().identifier() + ")");
    }
    return of(key, alg);
  }
}
