package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** POST /v1/admin/clients; a confidential client's secret is printed this once. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Register a client. A service or resource-server gets a secret, printed this once: store it now.",
        "Exit codes: 0 added, 2 bad flags, 3 unreachable, 4 refused."})
public final class ClientsAddCommand extends AdminCommand {
  @Option(names = "--type", required = true, description = "browser, mobile (public), service or resource-server (confidential).")
  String type;

  @Option(names = "--name", required = true, description = "A name for people.")
  String name;

  @Option(names = "--audience", description = "The aud of the tokens it gets (default: the issuer).")
  String audience;

  @Option(names = "--scope", split = ",", paramLabel = "SCOPE", description = "Scopes it may be given, comma-separated or repeated.")
  List<String> scopes;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("name", name);
    if (audience != null) {
      body.put("audience", audience);
    }
    if (scopes != null) {
      body.put("scopes", scopes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
    JsonNode c = api.post("/v1/admin/clients", body);
    return print(out, c, () -> {
      out.println("client_id: " + c.path("client_id").asText());
      out.println("type:      " + c.path("type").asText());
      if (c.hasNonNull("client_secret")) {
        out.println("client_secret: " + c.get("client_secret").asText());
        out.println(style().warn("This secret is shown once and only a hash is kept: store it in your secret manager now."));
      }
    });
  }
}
