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

  @Option(names = "--redirect-uri", paramLabel = "URI",
      description = "A redirect URI of a mobile or browser app (repeat for several); exact match, loopback any port.")
  List<String> redirectUris;

  @Option(names = "--grant", split = ",", paramLabel = "GRANT",
      description = "RFC 7591 grant_types, comma-separated or repeated (default: the type's, e.g. authorization_code,"
          + "refresh_token for mobile and browser; password only when listed: a legacy grant).")
  List<String> grants;

  @Option(names = "--third-party",
      description = "Not one of your own apps: its users see a consent page before it gets a code (default: first-party).")
  boolean thirdParty;

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
    if (redirectUris != null) {
      body.put("redirect_uris", redirectUris.stream().map(String::trim).toList());
    }
    if (thirdParty) {
      body.put("first_party", false);
    }
    if (grants != null) {
      body.put("grant_types", grants.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
    JsonNode c = api.post("/v1/admin/clients", body);
    return print(out, c, () -> {
      out.println("client_id: " + c.path("client_id").asText());
      out.println("type:      " + c.path("type").asText());
      out.println("grants:    " + String.join(" ", texts(c.path("grant_types"))));
      if (!c.path("first_party").asBoolean(true)) {
        out.println("third-party: its users are asked for consent");
      }
      if (c.path("redirect_uris").size() > 0) {
        out.println("redirects: " + String.join(" ", texts(c.path("redirect_uris"))));
      }
      if (c.hasNonNull("client_secret")) {
        out.println("client_secret: " + c.get("client_secret").asText());
        out.println(style().warn("This secret is shown once and only a hash is kept: store it in your secret manager now."));
      }
    });
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
