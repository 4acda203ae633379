package dev.portcullis.client;

import dev.portcullis.error.OAuthException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A registered OAuth client. Only confidential clients have a {@code secretHash} (SHA-256 of the
 * secret shown once at registration). {@code audience}, when set, becomes the {@code aud} of the
 * access tokens issued to this client; {@code scopes} bounds what it may request.
 *
 * @param redirectUris where the authorization endpoint may send the browser back (RFC 7591
 *     {@code redirect_uris}), matched exactly (see {@link RedirectUris#matches}); empty for types
 *     that do not use the code flow
 * @param grantTypes what this client may do, within what its type allows ({@link ClientType})
 * @param tokenEndpointAuthMethod RFC 7591: {@code none} for a public client, else
 *     {@code client_secret_basic} or {@code client_secret_post} (both accepted at the endpoint)
 * @param firstParty the administrator vouches for this application: the authorization endpoint
 *     issues it a code without asking the user (no consent page); a third-party client's request
 *     is shown to the user on a consent page first
 */
public record Client(
    String id,
    String name,
    ClientType type,
    String secretHash,
    String audience,
    Set<String> scopes,
    Instant createdAt,
    List<String> redirectUris,
    Set<GrantType> grantTypes,
    String tokenEndpointAuthMethod,
    boolean firstParty) {

  public static final String AUTH_NONE = "none";
  public static final String AUTH_SECRET_BASIC = "client_secret_basic";
  public static final String AUTH_SECRET_POST = "client_secret_post";

  public Client {
    scopes = Set.copyOf(scopes);
    redirectUris = List.copyOf(redirectUris);
    grantTypes = Set.copyOf(grantTypes);
  }

  /** A first-party client. */
  public Client(String id, String name, ClientType type, String secretHash, String audience, Set<String> scopes,
      Instant createdAt, List<String> redirectUris, Set<GrantType> grantTypes, String tokenEndpointAuthMethod) {
    this(id, name, type, secretHash, audience, scopes, createdAt, redirectUris, grantTypes, tokenEndpointAuthMethod,
        true);
  }

  /** A first-party client with its type's default grants, no redirect URI and its type's default authentication. */
  public Client(String id, String name, ClientType type, String secretHash, String audience, Set<String> scopes,
      Instant createdAt) {
    this(id, name, type, secretHash, audience, scopes, createdAt, List.of(), type.defaultGrants(),
        defaultAuthMethod(type), true);
  }

  public static String defaultAuthMethod(ClientType type) {
    return type.isConfidential() ? AUTH_SECRET_BASIC : AUTH_NONE;
  }

  public Optional<String> audienceIfSet() {
    return Optional.ofNullable(audience);
  }

  /**
   * Throws {@code unauthorized_client} unless this client may use {@code grant}: its type allows it
   * and its registration lists it (RFC 7591 §2: the grant types the client restricts itself to).
   */
  public void require(GrantType grant) {
    type.require(grant);
    if (!grantTypes.contains(grant)) {
      throw OAuthException.unauthorizedClient(
          "client " + id + " is not registered for " + grant.wireName());
    }
  }

  @Override
  public String toString() {
    return "Client[id=" + id + ", type=" + type.wireName() + ", name=" + name + "]";
  }
}
