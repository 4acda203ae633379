package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flag handling of {@code serve} that ends before a server would start. */
class ServeCommandTest {
  private static String refused(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).isEqualTo(CommandLine.ExitCode.USAGE);
    return err.toString();
  }

  @Test
  void aRegistrationLimitOutsideItsRangeIsAUsageErrorNamingTheLimit() {
    assertThat(refused("--register-limit-ip", "0")).contains("registration limit per IP");
    assertThat(refused("--register-limit-ip", "1000001")).contains("registration limit per IP");
  }

  @Test
  void theRegistrationLimitDefaultsToTheOneOfItsPolicy() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs();
    assertThat(serve.registerLimitIp)
        .isEqualTo(System.getenv("PORTCULLIS_REGISTER_LIMIT_IP") == null
            ? dev.portcullis.throttle.RegistrationThrottle.Limit.DEFAULT_PER_IP
            : Integer.parseInt(System.getenv("PORTCULLIS_REGISTER_LIMIT_IP")));
  }

  @Test
  void aMalformedApiKeyRateIsAUsageErrorNamingTheFlag() {
    for (String bad : new String[] {"600", "abc/1m", "0/1m", "600/0s", "600/2d", "600/1m/x", "-5/1m"}) {
      assertThat(refused("--api-key-rate", bad)).as(bad).contains("--api-key-rate");
    }
  }

  @Test
  void theApiKeyRateDefaultsToTheOneOfItsPolicy() {
    assertThat(dev.portcullis.server.ServerConfig.builder(java.nio.file.Path.of("unused")).build().apiKeyRate())
        .isEqualTo(dev.portcullis.apikey.ApiKeyPolicy.DEFAULT.rateLimit());
  }
}
