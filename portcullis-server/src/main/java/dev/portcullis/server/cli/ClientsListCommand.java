package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** GET /v1/admin/clients. */
@Command(name = "list", mixinStandardHelpOptions = true, description = {"List the registered clients (never their secrets).",
    "Exit codes: 0 listed, 2 bad flags, 3 unreachable, 4 refused."})
public final class ClientsListCommand extends AdminCommand {
  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    JsonNode list = api.get("/v1/admin/clients");
    return print(out, list, () -> table(out, list, "client_id", "type", "name", "audience", "scopes"));
  }
}
