package dev.portcullis.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.check.ForwardAuthPolicy.Method;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardAuthPolicyTest {
  @Test
  void methodsParseFromTheFlagsWireNames() {
    ForwardAuthPolicy p = ForwardAuthPolicy.parse(" jwt , API_KEY", "");
    assertThat(p.methods()).containsExactlyInAnyOrder(Method.JWT, Method.API_KEY);
    assertThat(p.accepts(Method.SESSION)).isFalse();
    assertThat(p.signInUrl()).isEmpty();
    assertThat(ForwardAuthPolicy.DEFAULT.methods()).containsExactlyInAnyOrder(Method.values());
  }

  @Test
  void unknownOrNoMethodIsRefusedAtStart() {
    assertThatThrownBy(() -> ForwardAuthPolicy.parse("session,password", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'password'");
    assertThatThrownBy(() -> ForwardAuthPolicy.parse(" , ", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signInUrlIsAnHttpUrlOrAPath() {
    assertThat(ForwardAuthPolicy.parse("jwt", "https://auth.example/signin?x=1").signInUrl())
        .contains("https://auth.example/signin?x=1");
    assertThat(ForwardAuthPolicy.parse("jwt", "/signin").signInUrl()).isEqualTo(Optional.of("/signin"));
    for (String bad : new String[] {"javascript:alert(1)", "//evil.example/", "signin", "https://a.example/#f"}) {
      assertThatThrownBy(() -> ForwardAuthPolicy.parse("jwt", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
