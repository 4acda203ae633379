package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** GET /v1/admin/users/{id}, or by email GET /v1/admin/users?email=. */
@Command(name = "show", mixinStandardHelpOptions = true, description = {"Show a user: email, roles, creation time.",
    "Exit codes: 0 shown, 2 bad flags, 3 unreachable, 4 refused or unknown user."})
public final class UsersShowCommand extends AdminCommand {
  @Parameters(paramLabel = "USER_ID|EMAIL", description = "The user's id (u_…) or email address.")
  String userId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode u;
    if (userId.contains("@")) {
      JsonNode found = api.get("/v1/admin/users?email=" + AdminApi.query(userId.trim()));
      if (found.isEmpty()) {
        throw new CliFailure(ExitCodes.REFUSED, "no user with email " + userId.trim());
      }
      u = found.get(0);
    } else {
      u = api.get("/v1/admin/users/" + AdminApi.seg(userId));
    }
    return print(out, u, () -> u.fields().forEachRemaining(e -> out.println(e.getKey() + ": "
        + (e.getValue().isArray() ? String.join(",", iter(e.getValue())) : e.getValue().asText()))));
  }

  private static java.util.List<String> iter(JsonNode array) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
