package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The doctor's verdicts that need no server: transport rules and the cookie rules on given headers. */
class DoctorTest {
  static Finding.Status status(List<Finding> findings, String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow(() -> new AssertionError(check + " in " + findings))
        .status();
  }

  @Test
  void httpsNeedsHstsOfAtLeastAYear() {
    // OWASP ASVS 5.0 V3.4.1: Strict-Transport-Security with max-age of at least one year
    URI https = URI.create("https://auth.example.com");
    assertThat(status(Doctor.transport(https, Optional.empty()), "HSTS")).isEqualTo(Finding.Status.FAIL);
    assertThat(status(Doctor.transport(https, Optional.of("max-age=86400")), "HSTS")).isEqualTo(Finding.Status.FAIL);
    assertThat(status(Doctor.transport(https, Optional.of("includeSubDomains")), "HSTS")).isEqualTo(Finding.Status.FAIL);
    assertThat(status(Doctor.transport(https, Optional.of("max-age=31536000; includeSubDomains")), "HSTS")).isEqualTo(Finding.Status.PASS);
    assertThat(status(Doctor.transport(https, Optional.of("max-age=\"63072000\"")), "HSTS")).isEqualTo(Finding.Status.PASS);
    assertThat(status(Doctor.transport(https, Optional.empty()), "HTTPS")).isEqualTo(Finding.Status.PASS);
  }

  @Test
  void plainHttpFailsExceptOnLoopbackWhereItWarns() {
    List<Finding> remote = Doctor.transport(URI.create("http://auth.example.com"), Optional.empty());
    assertThat(status(remote, "HTTPS")).isEqualTo(Finding.Status.FAIL);
    assertThat(status(remote, "HSTS")).isEqualTo(Finding.Status.FAIL);
    for (String local : List.of("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080")) {
      List<Finding> f = Doctor.transport(URI.create(local), Optional.empty());
      assertThat(status(f, "HTTPS")).as(local).isEqualTo(Finding.Status.WARN);
      assertThat(status(f, "HSTS")).as(local).isEqualTo(Finding.Status.WARN);
    }
  }

  @Test
  void thePortcullisCookiePassesEveryCookieCheck() {
    List<Finding> f = CookieChecks.check(List.of(
        "__Host-portcullis=" + "A".repeat(22) + "b-_" + "9".repeat(18) + "; Path=/; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax"));
    assertThat(f).hasSize(8).allMatch(x -> x.status() == Finding.Status.PASS, "all PASS");
  }

  @Test
  void sameSiteNoneWarnsAndUnknownValuesFail() {
    String base = "__Host-s=" + "a1B2".repeat(11) + "; Path=/; Secure; HttpOnly; SameSite=";
    assertThat(status(CookieChecks.check(List.of(base + "None")), "cookie __Host-s: SameSite")).isEqualTo(Finding.Status.WARN);
    assertThat(status(CookieChecks.check(List.of(base + "Sometimes")), "cookie __Host-s: SameSite")).isEqualTo(Finding.Status.FAIL);
    assertThat(status(CookieChecks.check(List.of(base + "Strict")), "cookie __Host-s: SameSite")).isEqualTo(Finding.Status.PASS);
  }

  @Test
  void entropyIsLengthTimesTheBitsOfTheAlphabet() {
    // OWASP ASVS 5.0 V7.2.3: at least 128 bits of entropy in a session token
    assertThat(CookieChecks.entropyBits("0123456789")).isBetween(33.2, 33.3);
    assertThat(CookieChecks.entropyBits("deadbeef".repeat(4))).isEqualTo(128.0);
    assertThat(CookieChecks.entropyBits("deadbeef".repeat(4).substring(1))).isLessThan(128.0);
    assertThat(CookieChecks.entropyBits("Ab-_".repeat(6) + "==")).isEqualTo(144.0);
    assertThat(CookieChecks.entropyBits("")).isZero();
  }

  @Test
  void cookiesThatClearAreNotTheSession() {
    List<Finding> f = CookieChecks.check(List.of("old=; Max-Age=0; Path=/"));
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.status()).isEqualTo(Finding.Status.FAIL);
      assertThat(x.reason()).contains("set no cookie");
    });
  }
}
