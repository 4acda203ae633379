package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** The published keys, from the JWKS (public; the admin token is not sent anywhere else). */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the published signing keys (kid, alg, type) from /.well-known/jwks.json.",
        "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused."})
public final class KeysListCommand extends AdminCommand {
  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode jwks = api.get("/.well-known/jwks.json");
    return print(out, jwks, () -> table(out, jwks.path("keys"), "kid", "alg", "kty", "crv", "use"));
  }
}
