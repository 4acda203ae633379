package dev.portcullis.sdk;

/** Turns a bearer token into the access it grants: {@link TokenVerifier} or {@link Introspector}. */
public interface TokenAuthenticator {
  /**
   * The token's verified content, or a {@link TokenVerificationException} saying why it was refused
   * (never null).
   */
  AccessToken verify(String token) throws TokenVerificationException;
}
