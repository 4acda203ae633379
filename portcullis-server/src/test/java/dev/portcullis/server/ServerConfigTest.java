package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static ServerConfig.Builder builder() {
    return ServerConfig.builder(Path.of("unused"));
  }

  @Test
  void publicOriginComesFromThePublicUrlElseTheIssuerElseNothing() {
    assertThat(builder().build().publicOrigin()).isEmpty();
    assertThat(builder().issuer("https://auth.example.com/tenant").build().publicOrigin()).contains("https://auth.example.com");
    assertThat(builder().issuer("https://auth.example.com").publicUrl("https://Login.example.com:8443/").build()
        .publicOrigin()).contains("https://login.example.com:8443");
  }

  @Test
  void aPublicUrlThatIsNoHttpUrlIsRefusedAtStart() {
    assertThatThrownBy(() -> builder().publicUrl("login.example.com").build()).hasMessageStartingWith("--public-url: ");
    assertThatThrownBy(() -> builder().publicUrl("https://login.example.com/?next=x").build())
        .hasMessageStartingWith("--public-url: ");
    assertThatThrownBy(() -> builder().issuer("urn:portcullis").build()).hasMessageStartingWith("--issuer");
  }
}
