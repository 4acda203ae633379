package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** GET /v1/admin/keys: every published signing key with its schedule, never a private part. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the published signing keys, the latest to sign first: state (signing, scheduled,",
        "verifying), algorithm and schedule.",
        "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused."})
public final class KeysListCommand extends AdminCommand {
  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode keys = api.get("/v1/admin/keys");
    return print(out, keys,
        () -> table(out, keys, "kid", "alg", "state", "activates_at", "retires_at", "published_until"));
  }
}
