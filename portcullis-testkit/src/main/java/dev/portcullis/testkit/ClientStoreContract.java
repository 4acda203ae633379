package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.client.Client;
import dev.portcullis.client.ClientStore;
import dev.portcullis.client.ClientType;
import dev.portcullis.crypto.Tokens;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ClientStore} must do. Extend it with a factory for your backend. */
public abstract class ClientStoreContract {
  protected MutableClock clock;
  protected ClientStore store;

  protected abstract ClientStore newStore(MutableClock clock);

  @BeforeEach
  void setUpStore() {
    clock = new MutableClock();
    store = newStore(clock);
  }

  protected Client client(ClientType type) {
    return new Client(Tokens.handle("c_"), "App " + type.wireName(), type,
        type.isConfidential() ? Tokens.sha256("secret") : null, null, Set.of("read", "write"),
        clock.instant());
  }

  @Test
  void createdClientIsFoundWithEveryField() {
    Client c = new Client(Tokens.handle("c_"), "Billing", ClientType.SERVICE, Tokens.sha256("s"),
        "https://api.example", Set.of("billing:read", "billing:write"), clock.instant());
    store.create(c);
    assertThat(store.findById(c.id())).contains(c);
  }

  @Test
  void everyClientTypeRoundTrips() {
    for (ClientType type : ClientType.values()) {
      Client c = client(type);
      store.create(c);
      assertThat(store.findById(c.id())).contains(c);
    }
  }

  @Test
  void publicClientHasNoSecretHashAndNoScopesIsEmptySet() {
    Client c = new Client(Tokens.handle("c_"), "Phone", ClientType.MOBILE, null, null, Set.of(), clock.instant());
    store.create(c);
    assertThat(store.findById(c.id()).orElseThrow().secretHash()).isNull();
    assertThat(store.findById(c.id()).orElseThrow().scopes()).isEmpty();
  }

  /** RFC 7591 metadata (redirect URIs in order, grant types, auth method) survives the round trip. */
  @Test
  void clientMetadataRoundTrips() {
    Client c = new Client(Tokens.handle("c_"), "Phone", ClientType.MOBILE, null, null, Set.of("read"), clock.instant(),
        java.util.List.of("com.example.app:/cb", "http://127.0.0.1/cb", "https://app.example/cb?x=1"),
        Set.of(dev.portcullis.client.GrantType.PASSWORD, dev.portcullis.client.GrantType.REFRESH_TOKEN,
            dev.portcullis.client.GrantType.AUTHORIZATION_CODE), "none");
    store.create(c);
    assertThat(store.findById(c.id())).contains(c);
  }

  /** A third-party client (consent page) stays third-party; the default is first-party. */
  @Test
  void firstPartyFlagRoundTrips() {
    Client third = new Client(Tokens.handle("c_"), "Other", ClientType.BROWSER, null, null, Set.of("read"),
        clock.instant(), java.util.List.of("https://app.example/cb"),
        Set.of(dev.portcullis.client.GrantType.AUTHORIZATION_CODE, dev.portcullis.client.GrantType.REFRESH_TOKEN),
        "none", false);
    Client first = client(ClientType.MOBILE);
    store.create(third);
    store.create(first);
    assertThat(store.findById(third.id())).contains(third);
    assertThat(store.findById(third.id()).orElseThrow().firstParty()).isFalse();
    assertThat(store.findById(first.id()).orElseThrow().firstParty()).isTrue();
  }

  @Test
  void unknownIdIsAbsent() {
    assertThat(store.findById(Tokens.handle("c_"))).isEmpty();
  }

  @Test
  void listIsOldestFirst() {
    Client first = client(ClientType.MOBILE);
    store.create(first);
    clock.advance(Duration.ofSeconds(1));
    Client second = client(ClientType.SERVICE);
    store.create(second);
    assertThat(store.list()).containsSubsequence(first, second);
  }

  @Test
  void deleteRemovesTheClientAndReportsWhetherItExisted() {
    Client c = client(ClientType.RESOURCE_SERVER);
    store.create(c);
    assertThat(store.delete(c.id())).isTrue();
    assertThat(store.findById(c.id())).isEmpty();
    assertThat(store.delete(c.id())).isFalse();
  }
}
