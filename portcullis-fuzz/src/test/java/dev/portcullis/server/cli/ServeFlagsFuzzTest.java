package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portcullis.server.Durations;
import dev.portcullis.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * What an operator types: durations ({@link Durations}) and the {@code serve} flags as a whole. A
 * value is either read into a configuration or refused as a usage error naming the problem (exit 2
 * with a message); never another exception, which would be a stack trace instead of a message.
 */
class ServeFlagsFuzzTest {
  private static final int MAX_ARGS = 24;

  @FuzzTest
  void aDurationIsReadBackExactlyOrRefusedWithAMessage(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("not a duration");
      return;
    }
    assertThat(d.isNegative()).isFalse();
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  /** Input: the arguments after {@code serve}, one per line. */
  @FuzzTest
  void serveFlagsMakeAConfigurationOrAUsageError(byte[] data) {
    List<String> args = new ArrayList<>();
    for (String arg : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
      if (args.size() == MAX_ARGS) {
        break;
      }
      args.add(arg);
    }
    ServeCommand serve = new ServeCommand();
    serve.environment = name -> null; // never the machine's PORTCULLIS_KEY_ENCRYPTION_KEY
    ServerConfig config;
    try {
      new CommandLine(serve).parseArgs(args.toArray(String[]::new));
      config = serve.config();
    } catch (CommandLine.ParameterException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(config.port()).isBetween(0, 65535);
    assertThat(config.toString()).doesNotContain("admin").doesNotContain("postgresql://");
    if (config.crossSiteCookie()) {
      assertThat(config.dev()).isFalse();
      assertThat(config.allowedOrigins()).isNotEmpty().allMatch(o -> o.startsWith("https://"));
    }
  }
}
