package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** POST /v1/admin/keys/rotate[?emergency=true]. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
    description = {"Rotate the signing key. Routine: the new key is published now and signs once JWKS caches have it.",
        "--emergency (a compromised key): the new key signs at once and every other key is withdrawn, so every token",
        "issued so far is refused; needs --yes.",
        "Exit codes: 0 rotated, 2 bad flags (--emergency without --yes), 3 unreachable, 4 refused."})
public final class KeysRotateCommand extends AdminCommand {
  @Option(names = "--emergency", description = "Switch at once and withdraw every other key (every issued token dies).")
  boolean emergency;

  @Option(names = "--yes", description = "Confirm --emergency.")
  boolean yes;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    if (emergency && !yes) {
      throw CliFailure.usage("--emergency logs every app and service out (their tokens are refused at once): add --yes to confirm");
    }
    JsonNode r = api.post("/v1/admin/keys/rotate" + (emergency ? "?emergency=true" : ""), null);
    return print(out, r, () -> {
      Instant at = Instant.parse(r.path("activates_at").asText());
      Duration wait = Duration.between(context.clock().instant(), at);
      out.println("new key " + r.path("kid").asText() + (emergency ? " signs now; every other key was withdrawn"
          : " is published now and signs from " + at + (wait.isNegative() ? "" : " (in "
              + dev.portcullis.token.AccessTokenRules.human(wait) + ")")));
    });
  }
}
