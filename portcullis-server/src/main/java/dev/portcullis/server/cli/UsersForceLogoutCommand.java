package dev.portcullis.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** POST /v1/admin/users/{id}/logout-everywhere. */
@Command(name = "force-logout", mixinStandardHelpOptions = true,
    description = {"End every browser session and app login of a user, and invalidate their access tokens.",
        "Exit codes: 0 done, 2 bad flags, 3 unreachable, 4 refused or unknown user."})
public final class UsersForceLogoutCommand extends AdminCommand {
  @Parameters(paramLabel = "USER_ID", description = "The user's id (u_…).")
  String userId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    api.post("/v1/admin/users/" + AdminApi.seg(userId) + "/logout-everywhere", null);
    return print(out, null, () -> out.println("logged out " + userId.trim()
        + " everywhere: sessions and app logins ended, access tokens refused from the next request"));
  }
}
