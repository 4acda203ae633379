package dev.portcullis.server.routes;

import java.util.List;

/**
 * RFC 8414 section 2 metadata. No {@code token_endpoint_auth_signing_alg_values_supported}: it
 * describes JWT client authentication (private_key_jwt, client_secret_jwt), which this server does
 * not offer.
 */
public record AuthorizationServerMetadata(
    String issuer,
    String tokenEndpoint,
    String jwksUri,
    String revocationEndpoint,
    String introspectionEndpoint,
    List<String> grantTypesSupported,
    List<String> tokenEndpointAuthMethodsSupported,
    List<String> revocationEndpointAuthMethodsSupported,
    List<String> introspectionEndpointAuthMethodsSupported,
    List<String> responseTypesSupported,
    List<String> scopesSupported) {

  private static final List<String> CLIENT_AUTH = List.of("client_secret_basic", "client_secret_post");
  /** Public clients (no secret) may use the token and revocation endpoints, never introspection. */
  private static final List<String> CLIENT_AUTH_OR_NONE = List.of("client_secret_basic", "client_secret_post", "none");

  /** The metadata of the server at {@code issuer}, whose clients hold {@code scopes}. */
  public static AuthorizationServerMetadata of(String issuer, List<String> scopes) {
    return new AuthorizationServerMetadata(issuer, issuer + "/v1/token", issuer + "/.well-known/jwks.json",
        issuer + "/v1/token/revoke", issuer + "/v1/token/introspect",
        List.of("password", "refresh_token", "client_credentials"), CLIENT_AUTH_OR_NONE, CLIENT_AUTH_OR_NONE,
        CLIENT_AUTH, List.of(), scopes);
  }
}
