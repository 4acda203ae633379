package dev.portcullis.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import dev.portcullis.account.Account;
import dev.portcullis.error.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * The one access-token verifier ({@link AccessTokenVerifier}) against anything. Its contract: a
 * token either verifies, and then every claim it vouches for holds, or it is refused with {@code
 * invalid_token} (RFC 6750 section 3.1). Any other exception would be a 500 on every bearer route.
 *
 * <p>The first target throws arbitrary text at it (it cannot forge a signature, so nothing may
 * verify); the second signs arbitrary payloads with the server's real key, which reaches the claim
 * checks an attacker can only reach with a key, or through a bug in the issuer.
 */
class AccessTokenFuzzTest {
  private static final TokenFixture FX = new TokenFixture();
  /** A fixed id, so that committed seeds can name her; the fixture's clock starts at 2030-01-01T00:00:00Z. */
  private static final Account ALICE = new Account("u_alice", "alice@example.com", "hash", Set.of(), 0, 0,
      FX.clock.instant());

  static {
    FX.accounts.create(ALICE);
  }

  @FuzzTest
  void arbitraryTextIsRefusedAsInvalidToken(byte[] data) {
    String token = new String(data, StandardCharsets.UTF_8);
    try {
      VerifiedAccessToken t = FX.verifier.verify(token);
      throw new AssertionError("a token no key signed verified: " + t);
    } catch (AuthenticationException e) {
      assertThat(e.code()).isEqualTo("invalid_token");
    }
  }

  /**
   * Input: the {@code typ} header value, a newline, then the payload bytes. The payload is signed
   * with the active key, so signature and algorithm checks pass and every claim check is reached.
   */
  @FuzzTest
  void signedPayloadsVerifyOnlyWithSoundClaims(byte[] data) throws JOSEException {
    int nl = indexOf(data, (byte) '\n');
    String typ = nl < 0 ? "at+jwt" : new String(data, 0, nl, StandardCharsets.UTF_8);
    byte[] payload = nl < 0 ? data : java.util.Arrays.copyOfRange(data, nl + 1, data.length);
    SigningKeys.Signing key = FX.keys.active();
    JWSHeader.Builder header = new JWSHeader.Builder(key.algorithm().jws()).keyID(key.kid());
    if (!typ.isEmpty()) {
      header.type(new JOSEObjectType(typ));
    }
    JWSObject jws = new JWSObject(header.build(), new Payload(payload));
    jws.sign(key.signer());
    String token = jws.serialize();
    VerifiedAccessToken t;
    try {
      t = FX.verifier.verify(token);
    } catch (AuthenticationException e) {
      assertThat(e.code()).isEqualTo("invalid_token");
      return;
    }
    // RFC 9068 section 4: what a resource server relies on once a token verifies
    Instant now = FX.clock.instant();
    assertThat(t.issuer()).isEqualTo(TokenFixture.ISSUER);
    assertThat(t.audience()).contains(TokenFixture.ISSUER);
    assertThat(t.expiresAt()).isAfter(now.minus(FX.policy.leeway()));
    assertThat(t.notBefore()).isBeforeOrEqualTo(now.plus(FX.policy.leeway()));
    assertThat(t.subject()).isNotEmpty();
    assertThat(t.clientId()).isNotEmpty();
    assertThat(t.jti()).isNotEmpty();
    if (t.isUserToken()) {
      // a user token names a live account at its current token version
      assertThat(t.subject()).isEqualTo(ALICE.id());
      assertThat(t.tokenVersion()).isEqualTo(ALICE.tokenVersion());
    } else {
      assertThat(t.subject()).isEqualTo(t.clientId());
    }
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
