package dev.portcullis.client;

import dev.portcullis.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ClientServiceTest {
  /** A native app's loopback redirect (RFC 8252 §7.3), the code flow's defaults. */
  private static final ClientService.Metadata APP =
      new ClientService.Metadata(List.of("http://127.0.0.1/callback"), null, null);

  private final InMemoryClientStore store = new InMemoryClientStore();
  private final ClientService clients = new ClientService(store, new TestClock());

  private static void assertInvalidClient(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(OAuthException.class)
        .hasFieldOrPropertyWithValue("code", "invalid_client");
  }

  /** Clients are first-party (no consent page) unless registered with first_party false. */
  @Test
  void firstPartyIsTheDefaultAndThirdPartyIsStored() {
    assertThat(clients.register(ClientType.MOBILE, "Own", null, Set.of(), APP).client().firstParty()).isTrue();
    assertThat(clients.register(ClientType.SERVICE, "Svc", null, Set.of()).client().firstParty()).isTrue();
    Client other = clients.register(ClientType.BROWSER, "Other", null, Set.of(),
        new ClientService.Metadata(List.of("https://app.example/cb"), null, null, false)).client();
    assertThat(other.firstParty()).isFalse();
    assertThat(store.findById(other.id()).orElseThrow().firstParty()).isFalse();
  }

  @Test
  void confidentialClientGetsASecretShownOnceAndStoredOnlyAsAHash() {
    ClientService.Registered r = clients.register(ClientType.SERVICE, "Billing", null, Set.of("billing"));
    String secret = r.secret().orElseThrow();
    assertThat(secret).startsWith("pcl_cs_").hasSizeGreaterThan(40);
    Client stored = store.findById(r.client().id()).orElseThrow();
    assertThat(stored.secretHash()).isNotNull().isNotEqualTo(secret).doesNotContain(secret);
    assertThat(r.toString()).doesNotContain(secret);
    assertThat(stored.toString()).doesNotContain(stored.secretHash());
    assertThat(clients.authenticate(stored.id(), secret)).isEqualTo(stored);
  }

  @Test
  void publicClientGetsNoSecretAndAuthenticatesByIdAlone() {
    ClientService.Registered r = clients.register(ClientType.MOBILE, "App", null, null, APP);
    assertThat(r.secret()).isEmpty();
    assertThat(r.client().secretHash()).isNull();
    assertThat(clients.authenticate(r.client().id(), null)).isEqualTo(r.client());
    assertInvalidClient(() -> clients.authenticate(r.client().id(), "pcl_cs_guess"));
  }

  @Test
  void wrongMissingOrOversizedSecretAndUnknownClientAreAllInvalidClient() {
    ClientService.Registered r = clients.register(ClientType.RESOURCE_SERVER, "RS", null, Set.of());
    String id = r.client().id();
    assertInvalidClient(() -> clients.authenticate(id, r.secret().orElseThrow() + "x"));
    assertInvalidClient(() -> clients.authenticate(id, null));
    assertInvalidClient(() -> clients.authenticate(id, ""));
    assertInvalidClient(() -> clients.authenticate(id, "x".repeat(10_000)));
    assertInvalidClient(() -> clients.authenticate("c_unknown", r.secret().orElseThrow()));
    assertInvalidClient(() -> clients.authenticate(null, null));
  }

  @Test
  void registrationValidatesItsInput() {
    assertThatThrownBy(() -> clients.register(null, "x", null, Set.of())).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, " ", null, Set.of())).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, "x", "has space", Set.of())).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, "x", null, Set.of("a\"b"))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void deletedClientCanNoLongerAuthenticate() {
    ClientService.Registered r = clients.register(ClientType.SERVICE, "S", null, Set.of());
    clients.delete(r.client().id());
    assertInvalidClient(() -> clients.authenticate(r.client().id(), r.secret().orElseThrow()));
    assertThatThrownBy(() -> clients.delete(r.client().id())).isInstanceOf(NotFoundException.class);
  }

  /** RFC 8414 scopes_supported: the scopes clients can be given, each once, sorted. */
  @Test
  void scopesSupportedAreTheUnionOfTheRegisteredClientsScopes() {
    assertThat(clients.scopesSupported()).isEmpty();
    clients.register(ClientType.SERVICE, "S", null, Set.of("orders:write", "orders:read"));
    clients.register(ClientType.MOBILE, "M", null, Set.of("profile", "orders:read"), APP);
    clients.register(ClientType.BROWSER, "B", null, Set.of(), APP);
    assertThat(clients.scopesSupported()).containsExactly("orders:read", "orders:write", "profile");
  }

  /** RFC 7591 §2: grant_types default per type; the password grant only when listed (RFC 9700 §2.4). */
  @Test
  void metadataDefaultsAndThePasswordGrantIsOptIn() {
    Client app = clients.register(ClientType.MOBILE, "App", null, Set.of(), APP).client();
    assertThat(app.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    assertThat(app.tokenEndpointAuthMethod()).isEqualTo("none");
    assertThatThrownBy(() -> app.require(GrantType.PASSWORD)).isInstanceOf(OAuthException.class)
        .hasFieldOrPropertyWithValue("code", "unauthorized_client");
    Client legacy = clients.register(ClientType.MOBILE, "Legacy", null, Set.of(), new ClientService.Metadata(
        null, EnumSet.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN), null)).client();
    legacy.require(GrantType.PASSWORD);
    assertThat(legacy.redirectUris()).isEmpty();
    assertThatThrownBy(() -> legacy.require(GrantType.AUTHORIZATION_CODE)).isInstanceOf(OAuthException.class);
    Client service = clients.register(ClientType.SERVICE, "S", null, Set.of()).client();
    assertThat(service.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
  }

  @Test
  void metadataOutsideTheTypeOrIncoherentIsRefused() {
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, "x", null, Set.of(), ClientService.Metadata.DEFAULTS))
        .as("the code flow needs redirect_uris").isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, "x", null, Set.of(), new ClientService.Metadata(
        List.of("http://127.0.0.1/cb"), EnumSet.of(GrantType.CLIENT_CREDENTIALS), null)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.BROWSER, "x", null, Set.of(), new ClientService.Metadata(
        List.of("https://app.example/cb"), EnumSet.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN), null)))
        .as("no password grant for a browser app").isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, "x", null, Set.of(), new ClientService.Metadata(
        List.of("http://127.0.0.1/cb"), EnumSet.of(GrantType.AUTHORIZATION_CODE), null)))
        .as("a refresh token is always issued").isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.MOBILE, "x", null, Set.of(), new ClientService.Metadata(
        List.of("http://127.0.0.1/cb"), null, "client_secret_basic")))
        .as("a public client has no secret").isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.SERVICE, "x", null, Set.of(), new ClientService.Metadata(
        null, null, "none"))).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> clients.register(ClientType.SERVICE, "x", null, Set.of(), new ClientService.Metadata(
        List.of("https://svc.example/cb"), null, null))).isInstanceOf(InvalidRequestException.class);
  }
}
