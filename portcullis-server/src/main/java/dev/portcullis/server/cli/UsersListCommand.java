package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** GET /v1/admin/users, a page at a time. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List users in id order, a page at a time (the last line says how to get the next page).",
        "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused."})
public final class UsersListCommand extends AdminCommand {
  @Option(names = "--limit", defaultValue = "100", description = "Users per page, 1-1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--after", paramLabel = "USER_ID", description = "Start after this id (from the previous page).")
  String after;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode page = api.get("/v1/admin/users?limit=" + limit + (after == null ? "" : "&after=" + AdminApi.query(after.trim())));
    return print(out, page, () -> {
      table(out, page, "user_id", "email", "roles", "created_at");
      if (page.size() == limit) {
        out.println(style().dim("next page: portcullis users list --after " + page.get(page.size() - 1).path("user_id").asText()));
      }
    });
  }
}
