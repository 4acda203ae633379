package dev.portcullis.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** DELETE /v1/admin/users/{id}/sessions/{session_id}. */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = {"End one browser session or app login of a user.",
    "Exit codes: 0 ended, 2 bad flags, 3 unreachable, 4 refused or not that user's session."})
public final class SessionsRevokeCommand extends AdminCommand {
  @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id (u_…).")
  String userId;

  @Parameters(paramLabel = "SESSION_ID", description = "s_… (browser) or f_… (app login), from sessions list.")
  String sessionId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    api.delete("/v1/admin/users/" + AdminApi.seg(userId) + "/sessions/" + AdminApi.seg(sessionId));
    return print(out, null, () -> out.println("ended " + sessionId.trim() + " of " + userId.trim()));
  }
}
