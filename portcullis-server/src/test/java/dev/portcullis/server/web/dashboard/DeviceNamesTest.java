package dev.portcullis.server.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceNamesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36|Chrome on Linux",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36|Headless Chrome on Linux",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0|Edge on Windows",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15|Safari on macOS",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1|Safari on iPhone",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36|Chrome on Android",
      "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0|Firefox on Linux",
      "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 OPR/115.0|Opera on Windows",
      "MyApp/2.1 CFNetwork/1494.0.7 Darwin/23.4.0|iOS app",
      "okhttp/4.12.0|Android app",
      "curl/8.5.0|curl",
      "Java-http-client/17.0.15|Java client",
      "something nobody knows|Unknown device",
  })
  void namesTheBrowserAndThePlatform(String userAgent, String name) {
    assertThat(DeviceNames.of(userAgent)).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "'   '"})
  void anAbsentUserAgentIsAnUnknownDevice(String userAgent) {
    assertThat(DeviceNames.of(userAgent)).isEqualTo("Unknown device");
    assertThat(DeviceNames.of(null)).isEqualTo("Unknown device");
  }
}
