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
}
