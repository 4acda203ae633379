package dev.portcullis.client;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registers clients and authenticates them at the token endpoints. A confidential client's secret
 * ({@code pcl_cs_…}) is shown once and stored as SHA-256 only: it is 256 random bits, so a slow
 * password hash would add cost without adding safety.
 */
public final class ClientService {
  public static final String SECRET_PREFIX = "pcl_cs_";
  private static final int MAX_SECRET_LENGTH = 128;
  private static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7E]{1,512}");
  /** Compared against when the client is unknown, so that both failures cost the same. */
  private static final String DUMMY_HASH = Tokens.sha256(Tokens.secret256());

  private final ClientStore store;
  private final Clock clock;

  /** A new client and, for confidential types, its secret: shown once, never stored or logged. */
  public record Registered(Client client, Optional<String> secret) {
    @Override
    public String toString() {
      return "Registered[" + client + "]";
    }
  }

  public ClientService(ClientStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * RFC 7591 client metadata and {@code first_party}; a null field takes the default (the client
   * type's; first-party, as every client was before consent existed).
   */
  public record Metadata(List<String> redirectUris, Set<GrantType> grantTypes, String tokenEndpointAuthMethod,
      Boolean firstParty) {
    public static final Metadata DEFAULTS = new Metadata(null, null, null, null);

    public Metadata(List<String> redirectUris, Set<GrantType> grantTypes, String tokenEndpointAuthMethod) {
      this(redirectUris, grantTypes, tokenEndpointAuthMethod, null);
    }
  }

  /** A client with its type's defaults and no redirect URI; {@code audience} may be null. */
  public Registered register(ClientType type, String name, String audience, Set<String> scopes) {
    return register(type, name, audience, scopes, Metadata.DEFAULTS);
  }

  /**
   * {@code audience} may be null (tokens then carry the server's default audience). The grant types
   * must lie within what the type allows; a client that gets refresh tokens (the password and code
   * grants always issue one) must list {@code refresh_token} too, so that what it was registered for
   * is exactly what it can do.
   */
  public Registered register(ClientType type, String name, String audience, Set<String> scopes, Metadata metadata) {
    if (type == null) {
      throw new InvalidRequestException("type is required.");
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new InvalidRequestException("name must be 1-200 characters.");
    }
    if (audience != null && !AUDIENCE.matcher(audience).matches()) {
      throw new InvalidRequestException("audience must be 1-512 visible ASCII characters.");
    }
    Set<String> validScopes;
    try {
      validScopes = Scopes.validate(scopes == null ? Set.of() : scopes);
    } catch (OAuthException e) {
      throw new InvalidRequestException("scopes must be OAuth scope tokens (at most 64).");
    }
    Set<GrantType> grants = metadata.grantTypes() == null ? type.defaultGrants() : Set.copyOf(metadata.grantTypes());
    for (GrantType g : grants) {
      if (!type.allows(g)) {
        throw new InvalidRequestException("A " + type.wireName() + " client cannot use " + g.wireName() + ".");
      }
    }
    if (grants.isEmpty()) {
      throw new InvalidRequestException("grant_types must not be empty.");
    }
    if ((grants.contains(GrantType.PASSWORD) || grants.contains(GrantType.AUTHORIZATION_CODE))
        && !grants.contains(GrantType.REFRESH_TOKEN)) {
      throw new InvalidRequestException("grant_types must include refresh_token with password or "
          + "authorization_code: this server always issues a refresh token with them.");
    }
    List<String> redirects = RedirectUris.validate(type, metadata.redirectUris(),
        grants.contains(GrantType.AUTHORIZATION_CODE));
    String authMethod = metadata.tokenEndpointAuthMethod() == null
        ? Client.defaultAuthMethod(type) : metadata.tokenEndpointAuthMethod();
    boolean secretMethod = authMethod.equals(Client.AUTH_SECRET_BASIC) || authMethod.equals(Client.AUTH_SECRET_POST);
    if (type.isConfidential() ? !secretMethod : !authMethod.equals(Client.AUTH_NONE)) {
      throw new InvalidRequestException("token_endpoint_auth_method of a " + type.wireName() + " client must be "
          + (type.isConfidential() ? "client_secret_basic or client_secret_post." : "none (it cannot keep a secret)."));
    }
    Optional<String> secret =
        type.isConfidential() ? Optional.of(SECRET_PREFIX + Tokens.secret256()) : Optional.empty();
    Client client =
        new Client(
            Tokens.handle("c_"),
            name.strip(),
            type,
            secret.map(Tokens::sha256).orElse(null),
            audience,
            validScopes,
            clock.instant(),
            redirects,
            grants,
            authMethod,
            metadata.firstParty() == null || metadata.firstParty());
    store.create(client);
    return new Registered(client, secret);
  }

  /**
   * Identifies the client at a token endpoint. Confidential clients must present their secret;
   * public clients must not present one (they cannot keep it, so a secret signals a mix-up). Every
   * failure is the same {@code invalid_client}.
   */
  public Client authenticate(String clientId, String secret) {
    if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
      throw OAuthException.invalidClient("missing or malformed client_id");
    }
    Optional<Client> found = store.findById(clientId);
    boolean hasSecret = secret != null && !secret.isEmpty();
    if (found.isPresent() && !found.get().type().isConfidential()) {
      if (hasSecret) {
        throw OAuthException.invalidClient("public client " + clientId + " presented a secret");
      }
      return found.get();
    }
    boolean usable = hasSecret && secret.length() <= MAX_SECRET_LENGTH;
    String presented = Tokens.sha256(usable ? secret : "");
    String stored = found.map(Client::secretHash).orElse(DUMMY_HASH);
    if (!(Tokens.constantTimeEquals(presented, stored) && usable && found.isPresent())) {
      throw OAuthException.invalidClient(
          found.isPresent() ? "wrong secret for client " + clientId : "unknown client_id");
    }
    return found.get();
  }

  /** The client with this id, if registered (for the authorization endpoint, which has no secret). */
  public Optional<Client> find(String clientId) {
    if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
      return Optional.empty();
    }
    return store.findById(clientId);
  }

  /**
   * Every scope some registered client may be given, sorted: scopes are not a fixed catalogue but
   * what the administrator grants clients, so this is what RFC 8414 {@code scopes_supported} lists.
   */
  public List<String> scopesSupported() {
    return store.list().stream().flatMap(c -> c.scopes().stream()).distinct().sorted().toList();
  }

  /** Every registered client, by name then id; secrets are never part of a {@link Client}. */
  public List<Client> list() {
    return store.list().stream()
        .sorted(java.util.Comparator.comparing(Client::name).thenComparing(Client::id)).toList();
  }

  public void delete(String clientId) {
    if (!store.delete(clientId)) {
      throw new NotFoundException("No such client.");
    }
  }
}
