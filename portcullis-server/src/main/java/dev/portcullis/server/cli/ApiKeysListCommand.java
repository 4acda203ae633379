package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** GET /v1/admin/users/{id}/api-keys. */
@Command(name = "list", mixinStandardHelpOptions = true, description = {"List a user's working API keys (never the secrets).",
    "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused or unknown user."})
public final class ApiKeysListCommand extends AdminCommand {
  @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The owner's id (u_…).")
  String userId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode list = api.get("/v1/admin/users/" + AdminApi.seg(userId) + "/api-keys");
    return print(out, list, () -> table(out, list, "id", "prefix", "name", "status", "scopes", "expires_at", "last_used_at"));
  }
}
