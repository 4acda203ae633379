package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** GET /v1/admin/users/{id}, or by email a search (GET /v1/admin/users?query=) kept to the exact address. */
@Command(name = "show", mixinStandardHelpOptions = true, description = {"Show a user: email, roles, creation time.",
    "Exit codes: 0 shown, 2 bad flags, 3 unreachable, 4 refused or unknown user."})
public final class UsersShowCommand extends AdminCommand {
  @Parameters(paramLabel = "USER_ID|EMAIL", description = "The user's id (u_…) or email address.")
  String userId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode u;
    if (userId.contains("@")) {
      // the server folds the query like an email (NFKC, lower case); an exact match is one of its hits
      String wanted = java.text.Normalizer.normalize(userId.strip(), java.text.Normalizer.Form.NFKC)
          .toLowerCase(java.util.Locale.ROOT);
      JsonNode exact = null;
      for (JsonNode hit : api.get("/v1/admin/users?limit=1000&query=" + AdminApi.query(wanted))) {
        if (hit.path("email").asText().equals(wanted)) {
          exact = hit;
        }
      }
      if (exact == null) {
        throw new CliFailure(ExitCodes.REFUSED, "no user with email " + userId.trim());
      }
      u = exact;
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
