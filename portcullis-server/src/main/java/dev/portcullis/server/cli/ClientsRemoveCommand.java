package dev.portcullis.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** DELETE /v1/admin/clients/{id}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Remove a client: it can get no new tokens; tokens it already holds expire as usual.",
        "Exit codes: 0 removed, 2 bad flags, 3 unreachable, 4 refused or unknown client."})
public final class ClientsRemoveCommand extends AdminCommand {
  @Parameters(paramLabel = "CLIENT_ID", description = "The client's id.")
  String clientId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    api.delete("/v1/admin/clients/" + AdminApi.seg(clientId));
    return print(out, null, () -> out.println("removed client " + clientId.trim()));
  }
}
