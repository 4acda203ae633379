package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class EmailsTest {
  @Test
  void normalisesByTrimmingNfkcAndLowerCase() {
    assertThat(Emails.normalize("  Alice@Example.COM ")).isEqualTo("alice@example.com");
    // fullwidth letters fold to ASCII under NFKC
    assertThat(Emails.normalize("\uFF21lice@example.com")).isEqualTo("alice@example.com");
    assertThat(Emails.normalize("o'brien+tag@sub.example.co.uk")).isEqualTo("o'brien+tag@sub.example.co.uk");
  }

  @Test
  void rejectsWhatIsNotAnAddress() {
    for (String bad : new String[] {null, "", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a b@c.com",
        "a@b..com", ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com", "a@b-.com", "a\u0000@b.com",
        "x".repeat(65) + "@example.com", "a@" + "b".repeat(250) + ".com"}) {
      assertThatThrownBy(() -> Emails.normalize(bad)).as(String.valueOf(bad)).isInstanceOf(InvalidRequestException.class);
    }
  }
}
