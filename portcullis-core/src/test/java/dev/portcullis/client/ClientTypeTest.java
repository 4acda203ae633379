package dev.portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.OAuthException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientTypeTest {
  private static final Map<ClientType, Set<GrantType>> TABLE = Map.of(
      ClientType.BROWSER, EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN),
      ClientType.MOBILE, EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.PASSWORD, GrantType.REFRESH_TOKEN),
      ClientType.SERVICE, EnumSet.of(GrantType.CLIENT_CREDENTIALS),
      ClientType.RESOURCE_SERVER, EnumSet.of(GrantType.INTROSPECTION));

  @Test
  void eachClientTypeIsAllowedOnlyItsOwnGrants() {
    for (ClientType type : ClientType.values()) {
      for (GrantType grant : GrantType.values()) {
        boolean expected = TABLE.get(type).contains(grant);
        assertThat(type.allows(grant)).as(type + " " + grant).isEqualTo(expected);
        if (!expected) {
          assertThatThrownBy(() -> type.require(grant)).isInstanceOf(OAuthException.class)
              .hasFieldOrPropertyWithValue("code", "unauthorized_client");
        }
      }
    }
  }

  /** The password grant is opt-in (RFC 9700 §2.4): no type has it by default. */
  @Test
  void defaultsAreWithinWhatTheTypeAllowsAndNeverThePasswordGrant() {
    for (ClientType type : ClientType.values()) {
      assertThat(TABLE.get(type)).containsAll(type.defaultGrants());
      assertThat(type.defaultGrants()).doesNotContain(GrantType.PASSWORD).isNotEmpty();
    }
    assertThat(ClientType.MOBILE.defaultGrants()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    assertThat(ClientType.BROWSER.defaultGrants()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
  }

  @Test
  void onlyServicesAndResourceServersAreConfidential() {
    assertThat(EnumSet.allOf(ClientType.class)).filteredOn(ClientType::isConfidential)
        .containsExactlyInAnyOrder(ClientType.SERVICE, ClientType.RESOURCE_SERVER);
  }

  @Test
  void wireNamesRoundTrip() {
    assertThat(ClientType.fromWire("resource-server")).isEqualTo(ClientType.RESOURCE_SERVER);
    for (ClientType t : ClientType.values()) {
      assertThat(ClientType.fromWire(t.wireName())).isEqualTo(t);
    }
    assertThatThrownBy(() -> ClientType.fromWire("RESOURCE_SERVER")).isInstanceOf(InvalidRequestException.class);
    assertThat(GrantType.fromGrantParameter("refresh_token")).isEqualTo(GrantType.REFRESH_TOKEN);
  }

  @Test
  void scopesParseValidateFormatAndOnlyNarrow() {
    assertThat(Scopes.parse("  b a  ")).containsExactlyInAnyOrder("a", "b");
    assertThat(Scopes.format(Set.of("b", "a"))).isEqualTo("a b");
    assertThat(Scopes.narrow(null, Set.of("a", "b"))).containsExactlyInAnyOrder("a", "b");
    assertThat(Scopes.narrow("a", Set.of("a", "b"))).containsExactly("a");
    assertThatThrownBy(() -> Scopes.narrow("c", Set.of("a"))).hasFieldOrPropertyWithValue("code", "invalid_scope");
    assertThatThrownBy(() -> Scopes.parse("a\\b")).hasFieldOrPropertyWithValue("code", "invalid_scope");
  }
}
