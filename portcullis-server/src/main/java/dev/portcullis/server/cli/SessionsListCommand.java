package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** GET /v1/admin/users/{id}/sessions. */
@Command(name = "list", mixinStandardHelpOptions = true, description = {"List a user's browser sessions (s_…) and app logins (f_…).",
    "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused or unknown user."})
public final class SessionsListCommand extends AdminCommand {
  @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id (u_…).")
  String userId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode list = api.get("/v1/admin/users/" + AdminApi.seg(userId) + "/sessions");
    return print(out, list, () -> table(out, list, "session_id", "kind", "created_at", "last_seen_at", "ip", "user_agent"));
  }
}
