package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** GET /v1/admin/users, a page at a time, by email. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List users by email, a page at a time (the last line says how to get the next page).",
        "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused."})
public final class UsersListCommand extends AdminCommand {
  @Option(names = "--limit", defaultValue = "100", description = "Users per page, 1-1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--query", paramLabel = "TEXT", description = "Only users whose email contains TEXT (or the user whose id it is).")
  String query;

  @Option(names = "--after", paramLabel = "EMAIL", description = "Start after this email (from the previous page).")
  String after;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    StringBuilder q = new StringBuilder("/v1/admin/users?limit=" + limit);
    if (query != null) {
      q.append("&query=").append(AdminApi.query(query.trim()));
    }
    if (after != null) {
      q.append("&after=").append(AdminApi.query(after.trim()));
    }
    JsonNode page = api.get(q.toString());
    return print(out, page, () -> {
      table(out, page, "user_id", "email", "roles", "created_at");
      if (page.size() == limit) {
        out.println(style().dim("next page: portcullis users list" + (query == null ? "" : " --query " + query.trim())
            + " --after " + page.get(page.size() - 1).path("email").asText()));
      }
    });
  }
}
