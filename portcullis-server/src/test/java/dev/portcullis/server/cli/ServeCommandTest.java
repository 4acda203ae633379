package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.session.SessionPolicy;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.token.TokenPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flag handling of {@code serve} that ends before a server would start. */
class ServeCommandTest {
  @TempDir Path data;

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
    assertThat(serve.config().registerLimit().perIp())
        .isEqualTo(System.getenv("PORTCULLIS_REGISTER_LIMIT_IP") == null
            ? dev.portcullis.throttle.RegistrationThrottle.Limit.DEFAULT_PER_IP
            : Integer.parseInt(System.getenv("PORTCULLIS_REGISTER_LIMIT_IP")));
  }

  @Test
  void unsetFlagsStayUnsetAndEverySettingTakesTheDefaultOfItsPolicy() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs();
    assertThat(serve.accessTtl).isNull();
    assertThat(serve.loginLimitAccount).isNull();
    var config = serve.config();
    assertThat(config.tokenPolicy()).isEqualTo(TokenPolicy.defaults("http://localhost:8080"));
    assertThat(config.sessionPolicy()).isEqualTo(SessionPolicy.DEFAULT);
    assertThat(config.loginLimits()).isEqualTo(LoginThrottle.Limits.DEFAULT);
  }

  @Test
  void valuesAPolicyRefusesAreUsageErrorsNamingTheFlagAndTheLimit() {
    assertThat(refused("--access-ttl", "16m")).contains("--access-ttl").contains("15m");
    assertThat(refused("--access-ttl", "10 minutes")).contains("--access-ttl").contains("not a duration");
    assertThat(refused("--refresh-grace", "6m")).contains("--refresh-grace").contains("5m");
    assertThat(refused("--session-idle", "31d")).contains("--session-idle").contains("absolute lifetime");
    assertThat(refused("--login-limit-account", "0")).contains("--login-limit-account").contains("positive");
    assertThat(refused("--login-window", "0s")).contains("--login-window");
    assertThat(refused("--signing-alg", "HS256")).contains("--signing-alg").contains("ES256, EdDSA or RS256");
    assertThat(refused("--cookie-samesite", "loose")).contains("--cookie-samesite");
  }

  @Test
  void aRefreshLifetimeTheTokenPolicyRefusesIsAUsageErrorBeforeAnythingIsOpened() throws Exception {
    // once accepted by the flags and refused only when the token feature was built, after the store was open
    assertThat(refused("--data", data.toString(), "--refresh-ttl", "30s")).contains("--refresh-ttl").contains("1m");
    assertThat(refused("--data", data.toString(), "--refresh-ttl", "3651d")).contains("--refresh-ttl").contains("3650d");
    try (var files = Files.list(data)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void helpShowsEachDefaultAndLimitAsThePoliciesHoldThem() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new ServeCommand()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("Address to bind (default 0.0.0.0)")
        .contains("Port (default 8080; 0 = any free port)")
        .contains("at least 16")
        .contains("Access-token lifetime, at most 15m (default 10m)")
        .contains("Session idle timeout (default 7d)")
        .contains("Session absolute lifetime (default 30d)")
        .contains("Refresh-token family lifetime (default 30d); a family")
        .contains("at most 5m (default 0s)")
        .contains("default lax")
        .contains("(default pcl:)")
        .contains("Failed logins per account per window (default 5)")
        .contains("Failed logins per IP per window (default 50)")
        .contains("Sliding window of the login limits (default 15m)")
        .contains("Registrations per client IP per 1h (default 10)")
        .contains("ES256, EdDSA, RS256 for new signing keys (default")
        .contains("RS256).")
        .contains("portcullis.audit (default on)")
        .contains("Delete audit events older than this, like 90d (at")
        .contains("unset: keep them forever")
        .doesNotContain("${")
        .doesNotContain("null");
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

  /** Checked before anything is opened; the message names the flag and never repeats the URL (it may hold a password). */
  @Test
  void malformedStoreUrlsAreUsageErrorsThatDoNotEchoTheUrl() {
    for (String bad : new String[] {"not a url", "redis://", "http://127.0.0.1:6379", "redis://:s3cret@[::1"}) {
      assertThat(refused("--redis-url", bad)).as(bad).contains("--redis-url: not a Redis URL").doesNotContain("s3cret");
    }
    for (String bad : new String[] {"garbage", "postgres://u:s3cret@h/db", "jdbc:postgresql://", "jdbc:h2:mem:x"}) {
      assertThat(refused("--postgres-url", bad)).as(bad).contains("--postgres-url: not a PostgreSQL JDBC URL").doesNotContain("s3cret");
    }
  }

  @Test
  void badAuditFlagsAreUsageErrorsNamingTheFlag() {
    assertThat(refused("--audit-log-lines", "yes")).contains("--audit-log-lines").contains("on or off");
    assertThat(refused("--audit-retention", "90")).contains("--audit-retention").contains("not a duration");
    assertThat(refused("--audit-retention", "90m")).contains("--audit-retention must be at least 1d");
    assertThat(refused("--audit-retention", "0s")).contains("--audit-retention must be at least 1d");
  }

  @Test
  void auditFlagsReachTheConfigurationAndDefaultToLinesOnAndKeepForever() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--audit-log-lines", "OFF", "--audit-retention", "90d");
    assertThat(serve.config().auditLogLines()).isFalse();
    assertThat(serve.config().auditRetention()).contains(java.time.Duration.ofDays(90));
    var defaults = dev.portcullis.server.ServerConfig.builder(Path.of("unused")).build();
    assertThat(defaults.auditLogLines()).isTrue();
    assertThat(defaults.auditRetention()).isEmpty();
  }

  @Test
  void sameSiteNoneWithDevOrWithoutAllowedOriginsIsAUsageError() {
    assertThat(refused("--cookie-samesite", "none", "--dev", "--allowed-origins", "https://app.example.com"))
        .contains("--cookie-samesite none needs HTTPS").contains("--dev");
    assertThat(refused("--cookie-samesite", "none")).contains("--cookie-samesite none").contains("--allowed-origins");
  }
}
