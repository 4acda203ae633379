package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** PUT /v1/admin/users/{id}/roles. */
@Command(name = "roles", mixinStandardHelpOptions = true, description = {"Replace a user's roles. Their sessions get a new cookie at the next request.",
    "Exit codes: 0 set, 2 bad flags, 3 unreachable, 4 refused or unknown user."})
public final class UsersRolesCommand extends AdminCommand {
  @Parameters(paramLabel = "USER_ID", description = "The user's id (u_…).")
  String userId;

  @Option(names = "--set", required = true, split = ",", paramLabel = "ROLE",
      description = "The complete new set of roles, comma-separated (--set \"\" removes all).")
  List<String> roles;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    List<String> clean = roles.stream().map(String::trim).filter(r -> !r.isEmpty()).toList();
    JsonNode r = api.put("/v1/admin/users/" + AdminApi.seg(userId) + "/roles", Map.of("roles", clean));
    return print(out, r, () -> out.println("roles of " + r.path("user_id").asText() + ": "
        + (r.path("roles").isEmpty() ? "(none)" : String.join(",", clean.stream().sorted().toList()))));
  }
}
