package dev.portcullis.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The only algorithms this server signs or accepts: asymmetric ones. HMAC is excluded on purpose,
 * so a token "signed" with a published public key as an HMAC secret can never pass, and so is
 * {@code none}.
 */
public enum SigningAlgorithm {
  ES256(JWSAlgorithm.ES256),
  EDDSA(JWSAlgorithm.EdDSA),
  RS256(JWSAlgorithm.RS256);

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  public JWSAlgorithm jws() {
    return jws;
  }

  /** By the JOSE name: {@code ES256}, {@code EdDSA} or {@code RS256}. */
  public static SigningAlgorithm of(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.jws.getName().equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("signing algorithm must be ES256, EdDSA or RS256");
  }

  /** {@code ES256, EdDSA, RS256}: the allow-list, for messages. */
  public static String allowedNames() {
    return java.util.Arrays.stream(values()).map(a -> a.jws.getName())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Empty for anything outside the allow-list, whatever a token header claims. */
  static java.util.Optional<SigningAlgorithm> fromHeader(JWSAlgorithm alg) {
    for (SigningAlgorithm a : values()) {
      if (a.jws.equals(alg)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }

  JWK generate(String kid) {
    try {
      return switch (this) {
        case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(jws)
            .keyUse(KeyUse.SIGNATURE).generate();
        case EDDSA -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).algorithm(jws)
            .keyUse(KeyUse.SIGNATURE).generate();
        case RS256 -> new RSAKeyGenerator(2048).keyID(kid).algorithm(jws)
            .keyUse(KeyUse.SIGNATURE).generate();
      };
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate a " + jws + " key", e);
    }
  }

  JWSSigner signer(JWK privateKey) throws JOSEException {
    return switch (this) {
      case ES256 -> new ECDSASigner((ECKey) privateKey);
      case EDDSA -> new Ed25519Signer((OctetKeyPair) privateKey);
      case RS256 -> new RSASSASigner((RSAKey) privateKey);
    };
  }

  /** Throws if the key is not of this algorithm's type (a P-256 key for ES256, and so on). */
  JWSVerifier verifier(JWK publicKey) throws JOSEException {
    try {
      return switch (this) {
        case ES256 -> new ECDSAVerifier((ECKey) publicKey);
        case EDDSA -> new Ed25519Verifier((OctetKeyPair) publicKey);
        case RS256 -> new RSASSAVerifier((RSAKey) publicKey);
      };
    } catch (ClassCastException e) {
      throw new JOSEException("key type does not match " + jws);
    }
  }
}
