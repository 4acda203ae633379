package dev.portcullis.token;

import dev.portcullis.client.Client;
import dev.portcullis.client.ClientService;
import dev.portcullis.client.GrantType;
import dev.portcullis.client.RedirectUris;
import dev.portcullis.client.Scopes;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.OAuthException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3): the client, the
 * redirect URI as requested (it matched a registered one), the client's {@code state} to hand back
 * untouched, the S256 challenge and the granted scope.
 */
public record AuthorizationRequest(Client client, String redirectUri, String state, String codeChallenge,
    Set<String> scopes) {

  private static final int MAX_STATE_LENGTH = 2048;

  /**
   * A request refused after its client and redirect URI were validated: the error goes back to the
   * client at {@code redirectUri} (RFC 6749 §4.1.2.1).
   */
  public record Refusal(String redirectUri, String state, String error, String description) {}

  /** The outcome of {@link #parse}: a request, or a refusal to send to the client. */
  public record Parsed(Optional<AuthorizationRequest> request, Optional<Refusal> refusal) {}

  /**
   * Validates the query parameters. While the client or the redirect URI is in doubt (unknown
   * client, one not registered for the code flow, a redirect URI that is missing or not exactly a
   * registered one, a repeated {@code client_id} or {@code redirect_uri}), the browser must not be
   * sent anywhere: that throws {@code invalid_request} for an error page (RFC 6749 §4.1.2.1). Every
   * later failure (response type, PKCE, scope, repeated parameters) is a {@link Refusal}.
   */
  public static Parsed parse(Map<String, List<String>> query, ClientService clients) {
    String clientId = single(query, "client_id");
    Client client = clients.find(clientId == null ? "" : clientId)
        .orElseThrow(() -> new InvalidRequestException("The application (client_id) is not registered here."));
    if (!client.type().usesRedirects() || !client.grantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
      throw new InvalidRequestException("This application is not registered for the authorization code flow.");
    }
    String redirectUri = single(query, "redirect_uri");
    if (redirectUri == null || RedirectUris.find(client, redirectUri).isEmpty()) {
      throw new InvalidRequestException("The redirect_uri is missing or is not one this application registered. "
          + "It must match a registered URI exactly.");
    }
    String state = values(query, "state").size() == 1 ? single(query, "state") : null;
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (e.getValue().size() > 1) { // RFC 6749 §3.1: a parameter must not be repeated
        return refuse(redirectUri, state, "invalid_request", e.getKey() + " is repeated.");
      }
    }
    if (state != null && state.length() > MAX_STATE_LENGTH) {
      return refuse(redirectUri, null, "invalid_request", "state is too long.");
    }
    if (!"code".equals(single(query, "response_type"))) {
      return refuse(redirectUri, state, "unsupported_response_type", "Only response_type=code is supported.");
    }
    String challenge = single(query, "code_challenge");
    String method = single(query, "code_challenge_method");
    if (challenge == null || !"S256".equals(method)) {
      return refuse(redirectUri, state, "invalid_request",
          "PKCE is required: code_challenge with code_challenge_method=S256 (RFC 7636, RFC 9700 §2.1.1).");
    }
    if (!AuthorizationCodes.S256_CHALLENGE.matcher(challenge).matches()) {
      return refuse(redirectUri, state, "invalid_request", "code_challenge is not a base64url SHA-256 value.");
    }
    Set<String> scopes;
    try {
      scopes = Scopes.narrow(single(query, "scope"), client.scopes());
    } catch (OAuthException e) {
      return refuse(redirectUri, state, "invalid_scope", "The requested scope is not allowed for this application.");
    }
    return new Parsed(Optional.of(new AuthorizationRequest(client, redirectUri, state, challenge, scopes)),
        Optional.empty());
  }

  private static Parsed refuse(String redirectUri, String state, String error, String description) {
    return new Parsed(Optional.empty(), Optional.of(new Refusal(redirectUri, state, error, description)));
  }

  private static List<String> values(Map<String, List<String>> query, String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The one value of {@code name}; null when absent or empty (RFC 6749 §3.1: empty means omitted). */
  private static String single(Map<String, List<String>> query, String name) {
    List<String> v = values(query, name);
    if (v.size() > 1 && (name.equals("client_id") || name.equals("redirect_uri"))) {
      throw new InvalidRequestException(name + " is repeated.");
    }
    return v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
  }
}
