package dev.portcullis.server.routes;

import java.util.List;

/**
 * RFC 8414 section 2 metadata. No {@code token_endpoint_auth_signing_alg_values_supported}: it
 * describes JWT client authentication (private_key_jwt, client_secret_jwt), which this server does
 * not offer.
 */
public record AuthorizationServerMetadata(
    String issuer,
    String authorizationEndpoint,
    String tokenEndpoint,
    String jwksUri,
    String revocationEndpoint,
    String introspectionEndpoint,
    List<String> grantTypesSupported,
    List<String> tokenEndpointAuthMethodsSupported,
    List<String> revocationEndpointAuthMethodsSupported,
    List<String> introspectionEndpointAuthMethodsSupported,
    List<String> responseTypesSupported,
    List<String> responseModesSupported,
    List<String> codeChallengeMethodsSupported,
    boolean authorizationResponseIssParameterSupported,
    List<String> scopesSupported) {

  /** Where the authorization endpoint is served (RFC 6749 §3.1). */
  public static final String AUTHORIZATION_PATH = "/oauth/authorize";

  private static final List<String> CLIENT_AUTH = List.of("client_secret_basic", "client_secret_post");
  /** Public clients (no secret) may use the token and revocation endpoints, never introspection. */
  private static final List<String> CLIENT_AUTH_OR_NONE = List.of("client_secret_basic", "client_secret_post", "none");

  /** The metadata of the server at {@code issuer}, whose clients hold {@code scopes}. */
  public static AuthorizationServerMetadata of(String issuer, List<String> scopes) {
    // code_challenge_methods_supported: RFC 7636 §4.3 via RFC 8414 §2; S256 only (plain is refused).
    // authorization_response_iss_parameter_supported: RFC 9207 §3. The password grant stays listed
    // for the clients that opted in to it (legacy).
    return new AuthorizationServerMetadata(issuer, issuer + AUTHORIZATION_PATH, issuer + "/v1/token",
        issuer + "/.well-known/jwks.json", issuer + "/v1/token/revoke", issuer + "/v1/token/introspect",
        List.of("authorization_code", "refresh_token", "client_credentials", "password"), CLIENT_AUTH_OR_NONE,
        CLIENT_AUTH_OR_NONE, CLIENT_AUTH, List.of("code"), List.of("query"), List.of("S256"), true, scopes);
  }
}
