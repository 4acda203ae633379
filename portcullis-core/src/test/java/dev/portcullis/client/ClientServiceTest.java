package dev.portcullis.client;

import dev.portcullis.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.NotFoundException;
import dev.portcullis.error.OAuthException;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ClientServiceTest {
  private final InMemoryClientStore store = new InMemoryClientStore();
  private final ClientService clients = new ClientService(store, new TestClock());

  private static void assertInvalidClient(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(OAuthException.class)
        .hasFieldOrPropertyWithValue("code", "invalid_client");
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
    ClientService.Registered r = clients.register(ClientType.MOBILE, "App", null, null);
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
    clients.register(ClientType.MOBILE, "M", null, Set.of("profile", "orders:read"));
    clients.register(ClientType.BROWSER, "B", null, Set.of());
    assertThat(clients.scopesSupported()).containsExactly("orders:read", "orders:write", "profile");
  }
}
